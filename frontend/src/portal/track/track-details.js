// What the tracking page shows of a request: its status in the municipality's words, who handles
// it and by when, the result, the citizen's own words, place and photos, and the public history.
// All of it is text the server sends; Lit's bindings escape it (nothing here is HTML).
import { html, nothing } from "lit";
import { formatDateTime, has, t } from "../../kit/i18n.js";

/** @typedef {import("./track-query.js").Tracked} Tracked @typedef {import("./track-query.js").PublicEntry} PublicEntry */

const CLOSED_OK = new Set(["RESOLVED"]);

/** Where the request stands, first on the page. @param {Tracked} tracked */
export function statusPanel(tracked) {
  return html`<div class="panel status-panel ${CLOSED_OK.has(tracked.status) ? "resolved" : ""}" data-testid="status">
    <p class="status-caption">${t("portal.track.status")}</p>
    <p class="status-label">${tracked.statusLabel}</p>
    ${tracked.resolution ? html`<p class="pre"><strong>${t("portal.track.resolution")}</strong> ${tracked.resolution}</p>` : nothing}
    ${tracked.forwardedTo ? html`<p>${t("portal.track.forwardedTo", { institution: tracked.forwardedTo })}</p>` : nothing}
  </div>`;
}

/** @param {Tracked} tracked */
export function trackedDetails(tracked) {
  return html`<dl class="summary facts">
      ${fact(t("portal.track.category"), tracked.categoryName)}
      ${fact(t("portal.track.department"), tracked.departmentName ?? t("portal.track.noDepartment"))}
      ${tracked.closedAt ? fact(t("portal.track.closedAt"), formatDateTime(tracked.closedAt))
        : fact(t("portal.track.dueAt"), tracked.dueAt ? formatDateTime(tracked.dueAt) : t("portal.track.noDue"))}
      ${fact(t("portal.track.createdAt"), formatDateTime(tracked.createdAt))}
    </dl>
    <h2>${t("portal.track.yourRequest")}</h2>
    <p class="pre">${tracked.description}</p>
    ${place(tracked)}
    ${photos(tracked)}
    <h2>${t("portal.track.timeline")}</h2>
    <ol class="timeline" data-testid="timeline">${[...tracked.timeline].reverse().map(entry)}</ol>`;
}

/** @param {string} label @param {string} value */
function fact(label, value) {
  return html`<div class="summary-row"><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** @param {Tracked} tracked */
function place(tracked) {
  const where = tracked.location;
  if (!where) return nothing;
  const lines = [
    where.latitude !== null && where.longitude !== null ? `${where.latitude}, ${where.longitude}` : "",
    where.address ?? "", where.neighbourhood ?? "",
  ].filter(Boolean);
  return lines.length ? html`<p>${t("portal.track.where")} ${lines.map((l) => html`<span class="line">${l}</span>`)}</p>` : nothing;
}

const FILE_LABELS = { VIDEO: "portal.track.video", DOCUMENT: "portal.track.document", AUDIO: "portal.track.audio" };

/** A photo's thumbnail, or a file's kind in words; each opens the file (a PDF downloads). */
function attachment(/** @type {Tracked["attachments"][number]} */ a, /** @type {number} */ index) {
  if (a.thumbnailUrl) {
    return html`<a href=${a.url} target="_blank" rel="noopener">
      <img src=${a.thumbnailUrl} alt=${t("portal.track.photoAlt", { number: index + 1 })}></a>`;
  }
  const label = html`<span class="file-icon">${t(FILE_LABELS[a.kind] ?? "portal.track.file")}</span>`;
  return a.kind === "DOCUMENT" ? html`<a href=${a.url} download>${label}</a>` : html`<a href=${a.url} target="_blank" rel="noopener">${label}</a>`;
}

/** @param {Tracked} tracked */
function photos(tracked) {
  if (!tracked.attachments?.length) return nothing;
  return html`<h2>${t("portal.track.photos")}</h2>
    <ul class="thumbs" data-testid="photos">
      ${tracked.attachments.map((a, i) => html`<li>${attachment(a, i)}</li>`)}
    </ul>`;
}

/** @param {PublicEntry} item */
function entry(item) {
  const key = `portal.event.${item.type}`;
  const title = item.type === "STATUS_CHANGED" && item.statusLabel ? t("portal.event.statusTo", { status: item.statusLabel }) : has(key) ? t(key) : item.type;
  return html`<li>
    <p class="timeline-title"><strong>${title}</strong> <time datetime=${item.at}>${formatDateTime(item.at)}</time></p>
    ${item.message ? html`<p class="pre">${item.message}</p>` : nothing}
  </li>`;
}
