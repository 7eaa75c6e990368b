// The ticket at a glance: the header (reference, title, status, priority, deadlines) and the
// facts beside it. Pure templates over the ticket; user text only through text bindings.
import { html } from "lit";
import { formatDateTime, has, language, t } from "../kit/i18n.js";
import { href } from "../kit/router.js";

/** @typedef {import("./ticket-query.js").Ticket} Ticket */

const DUE_SOON_MS = 24 * 3600 * 1000;

/** @param {string | null} iso @param {boolean} closed */
function deadline(iso, closed, now = Date.now()) {
  if (!iso || closed) return "";
  const left = new Date(iso).getTime() - now;
  if (left < 0) return html`<span class="badge overdue">${t("ticket.due.overdue")}</span>`;
  if (left < DUE_SOON_MS) return html`<span class="badge due-soon">${t("ticket.due.soon")}</span>`;
  return "";
}

/** @param {string} prefix @param {string} value */
function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value;
}

/** @param {Ticket} ticket */
export function ticketHeader(ticket) {
  const closed = Boolean(ticket.closedAt);
  return html`<div class="ticket-heading">
    <p class="ticket-kicker">
      <span class="reference">${ticket.reference}</span>
      <span>${label("requestType", ticket.requestType)}</span>
      <span class="muted">${t("ticket.created", { time: formatDateTime(ticket.createdAt) })}</span>
    </p>
    <h1 class="ticket-title" id="ticket-title" tabindex="-1">${ticket.title}</h1>
    <ul class="ticket-badges" aria-label=${t("ticket.badges")}>
      <li><span class=${`badge status status-${ticket.status.toLowerCase()}`}><span class="visually-hidden">${t("ticket.field.status")}: </span>${ticket.statusLabel}</span></li>
      <li><span class=${`badge priority priority-${ticket.priority.toLowerCase()}`}>${t("ticket.field.priority")}: ${label("priority", ticket.priority)}</span></li>
      ${ticket.overdue ? html`<li><span class="badge overdue">${t("ticket.due.overdue")}</span></li>` : ""}
      ${ticket.onHoldSince ? html`<li><span class="badge on-hold">${t("ticket.onHold", { time: formatDateTime(ticket.onHoldSince) })}</span></li>` : ""}
    </ul>
  </div>`;
}

/** @param {string} term @param {unknown} value */
function fact(term, value) {
  return html`<div class="fact"><dt>${term}</dt><dd>${value === null || value === undefined || value === "" ? t("common.none") : value}</dd></div>`;
}

/** A latitude or longitude to five decimals: about a metre, what a phone's GPS can tell. */
export function coordinate(/** @type {number} */ value) {
  return new Intl.NumberFormat(language() === "tr" ? "tr-TR" : "en-GB", { maximumFractionDigits: 5 }).format(value);
}

/** @param {Ticket["location"]} location */
function place(location) {
  const parts = [location.address, location.neighbourhood ? t("ticket.neighbourhood", { name: location.neighbourhood }) : null].filter(Boolean);
  const coordinates = location.latitude !== null && location.longitude !== null
    ? `${coordinate(location.latitude)}, ${coordinate(location.longitude)}`
    : null;
  if (!parts.length && !coordinates) return null;
  return html`${parts.map((p) => html`<span class="place-line">${p}</span>`)}${coordinates ? html`<span class="place-line muted">${t("ticket.coordinates", { value: coordinates })}</span>` : ""}`;
}

/** @param {string | null} iso @param {boolean} closed */
function due(iso, closed) {
  if (!iso) return null;
  return html`<time datetime=${iso}>${formatDateTime(iso)}</time> ${deadline(iso, closed)}`;
}

/** @param {Ticket} ticket */
export function ticketFacts(ticket) {
  const closed = Boolean(ticket.closedAt);
  return html`<section class="card facts-card" aria-labelledby="facts-heading">
    <h2 id="facts-heading">${t("ticket.facts")}</h2>
    <dl class="facts">
      ${fact(t("ticket.field.category"), ticket.category.name)}
      ${fact(t("ticket.field.department"), ticket.department?.name ?? t("ticket.noDepartment"))}
      ${fact(t("ticket.field.assignee"), ticket.assignee?.name ?? t("ticket.assign.nobody"))}
      ${fact(t("ticket.field.channel"), html`${label("channel", ticket.channel)}${ticket.channelReference ? html` <span class="muted">(${ticket.channelReference})</span>` : ""}`)}
      ${fact(t("ticket.field.replyChannel"), label("replyChannel", ticket.replyChannel))}
      ${fact(t("ticket.field.due"), due(ticket.dueAt, closed))}
      ${ticket.legalDueAt ? fact(t("ticket.field.legalDue"), due(ticket.legalDueAt, closed)) : ""}
      ${fact(t("ticket.field.location"), place(ticket.location))}
      ${fact(t("ticket.field.updated"), html`<time datetime=${ticket.updatedAt}>${formatDateTime(ticket.updatedAt)}</time>`)}
      ${closed ? fact(t("ticket.field.closed"), html`<time datetime=${ticket.closedAt ?? ""}>${formatDateTime(ticket.closedAt)}</time>`) : ""}
      ${ticket.resolution ? fact(t("ticket.field.resolution"), ticket.resolution) : ""}
      ${ticket.forwardedTo ? fact(t("ticket.field.forwardedTo"), ticket.forwardedTo) : ""}
      ${ticket.duplicateOf ? fact(t("ticket.field.duplicateOf"), html`<a href=${href(`/tickets/${ticket.duplicateOf.id}`)}>${ticket.duplicateOf.reference}</a> ${ticket.duplicateOf.title}`) : ""}
    </dl>
  </section>`;
}

/** @param {Ticket} ticket */
export function ticketDescription(ticket) {
  return html`<section class="description" aria-labelledby="description-heading">
    <h2 id="description-heading" class="visually-hidden">${t("ticket.description")}</h2>
    <p class="ticket-description">${ticket.description}</p>
  </section>`;
}
