// The ticket's files: photo thumbnails that open the full picture in a dialog, videos and sound
// that load only when played (a queue of tickets must not pull megabytes), PDFs as downloads,
// whether the citizen sees each one, and where the camera said it was. Staff who may write notes
// may add a photo or video (PDFs and voice messages come only by WhatsApp).
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, language, t } from "../kit/i18n.js";
import { Modal, closeButton } from "../kit/modal.js";
import { can } from "../kit/roles.js";
import { currentUser } from "../auth/session.js";
import { coordinate } from "./ticket-summary.js";
import "./ticket-attachment-form.js";

/**
 * @typedef {import("./ticket-query.js").Attachment} Attachment
 * @typedef {{ attachment: Attachment, title: string }} Shown
 */

/** "1,2 MB" / "640 kB", in the user's language. */
export function formatBytes(/** @type {number} */ bytes) {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "megabyte"] : [Math.max(bytes / 1024, 1), "kilobyte"];
  return new Intl.NumberFormat(language() === "tr" ? "tr-TR" : "en-GB", { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/** @param {Attachment} a */
function place(a) {
  if (a.latitude === null || a.longitude === null) return "";
  const value = `${coordinate(a.latitude)}, ${coordinate(a.longitude)}`;
  return html`<p class="attachment-place">${t("ticket.attachments.place", { value })}</p>`;
}

/** "Citizen sees this" / "Internal" in words, as on the timeline. */
function visibility(/** @type {boolean} */ shared) {
  return shared
    ? html`<span class="badge public">${t("ticket.timeline.public")}</span>`
    : html`<span class="badge internal">${t("ticket.timeline.internal")}</span>`;
}

/** "Photo 2", "PDF document 1": how the ticket's list names its `number`th file. */
export function attachmentLabel(/** @type {Attachment} */ a, /** @type {number} */ number) {
  return t(`ticket.attachments.${a.kind.toLowerCase()}`, { number });
}

/**
 * A photo's thumbnail that opens it in `modal`, a video or sound that loads only when played
 * (sound with a download link beside it), or a PDF's download link with its size: the server
 * sends a PDF as a download, so it opens in the reader's PDF viewer, never inside the console.
 * Shared with the WhatsApp thread, which shows the files that came with a message.
 * @param {Attachment} a @param {string} label "Photo 2", "Video 1" @param {Modal<Shown>} modal
 */
export function attachmentPreview(a, label, modal) {
  if (a.kind === "DOCUMENT") {
    return html`<a class="attachment-file" href=${a.url} download>
      <span class="attachment-file-type">${t("ticket.attachments.pdf")}</span>
      <span class="muted">${formatBytes(a.byteSize)}</span></a>`;
  }
  if (a.kind === "AUDIO") {
    return html`<div class="attachment-audio">
      <audio controls preload="none" src=${a.url} aria-label=${label}></audio>
      <a href=${a.url} download>${t("ticket.attachments.download", { name: label })}</a>
    </div>`;
  }
  if (a.kind === "VIDEO") {
    // preload="none": nothing is fetched until the user presses play.
    return html`<video class="attachment-video" controls preload="none" src=${a.url} aria-label=${label}></video>`;
  }
  return html`<button type="button" class="attachment-preview" @click=${() => modal.open({ attachment: a, title: label })}>
    <img src=${a.thumbnailUrl ?? a.url} alt=${t("ticket.attachments.enlarge", { name: label })} loading="lazy">
  </button>`;
}

/** The full picture of the photo `modal` is open on. */
export function attachmentDialog(/** @type {Modal<Shown>} */ modal) {
  const shown = modal.value;
  if (!shown) return "";
  const a = shown.attachment;
  return modal.render("attachment-dialog-title", shown.title, html`
    <img class="attachment-full" src=${a.url} alt=${shown.title}>
    <p>${visibility(a.public)} ${a.addedBy} · <time datetime=${a.createdAt}>${formatDateTime(a.createdAt)}</time></p>
    ${place(a)}
    <div class="actions">
      <a class="button secondary" href=${a.url} target="_blank" rel="noopener">${t("ticket.attachments.newTab")}</a>
      ${closeButton(modal)}
    </div>`);
}

export class TicketAttachments extends ConsoleElement {
  static properties = { ticket: { attribute: false }, act: { attribute: false } };

  constructor() {
    super();
    /** @type {import("./ticket-query.js").Ticket | null} */
    this.ticket = null;
    /** @type {import("./ticket-action.js").Act | null} */
    this.act = null;
    /** @type {Modal<Shown>} */
    this.modal = new Modal(this);
  }

  /** @param {Attachment} a @param {number} index */
  item(a, index) {
    const label = attachmentLabel(a, index + 1);
    const size = [a.width && a.height ? `${a.width}×${a.height}` : "", formatBytes(a.byteSize)].filter(Boolean).join(" · ");
    // A PDF's link and a sound's player say their size and lead to the file themselves.
    const opens = a.kind === "PHOTO" || a.kind === "VIDEO";
    return html`<li class="attachment" data-attachment-id=${a.id}>
      ${attachmentPreview(a, label, this.modal)}
      <div class="attachment-meta">
        <p class="attachment-head">${visibility(a.public)} <span>${label}</span></p>
        ${a.kind === "DOCUMENT" ? "" : html`<p class="muted">${size}</p>`}
        <p class="muted">${a.addedBy} · <time datetime=${a.createdAt}>${formatDateTime(a.createdAt)}</time></p>
        ${place(a)}
        ${opens ? html`<p><a href=${a.url} target="_blank" rel="noopener">${t("ticket.attachments.newTab")}</a></p>` : ""}
      </div>
    </li>`;
  }

  render() {
    const ticket = this.ticket;
    if (!ticket) return "";
    const attachments = ticket.attachments ?? [];
    return html`<section class="card attachments-card" aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">${t("ticket.attachments.heading")} <span class="muted">(${attachments.length})</span></h2>
      ${attachments.length
        ? html`<ul class="attachments">${attachments.map((a, i) => this.item(a, i))}</ul>`
        : html`<p class="muted">${t("ticket.attachments.none")}</p>`}
      ${can(currentUser(), "note") ? html`<cz-ticket-attachment-form .ticket=${ticket} .act=${this.act}></cz-ticket-attachment-form>` : ""}
      ${attachmentDialog(this.modal)}
    </section>`;
  }
}

customElements.define("cz-ticket-attachments", TicketAttachments);
