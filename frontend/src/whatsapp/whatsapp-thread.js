// A WhatsApp ticket as the conversation it came from: the citizen's messages (words, photos and
// videos, places, a file that could not be kept) and ours with what WhatsApp said of them, in
// the order they were sent. A message after the first that is a new problem can be split off
// into a ticket of its own.
import { html } from "lit";
import "../kit/confirm.js";
import { announce } from "../kit/announce.js";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, has, t } from "../kit/i18n.js";
import { Modal } from "../kit/modal.js";
import { can } from "../kit/roles.js";
import { href } from "../kit/router.js";
import { currentUser } from "../auth/session.js";
import { attachmentDialog, attachmentPreview } from "../tickets/ticket-attachments.js";
import { location, mediaProblem, messageText, meta, replyState, threadEntries, typeLabel } from "./thread-entries.js";

/**
 * @typedef {import("./thread-entries.js").Entry} Entry
 * @typedef {import("../tickets/ticket-query.js").WhatsAppMessage} WhatsAppMessage
 * @typedef {import("../tickets/ticket-query.js").Notification} Notification
 * @typedef {import("../tickets/ticket-attachments.js").Shown} Shown
 */

const SPLIT = `mutation SplitWhatsAppMessage($input: SplitWhatsAppMessageInput!) {
  splitWhatsAppMessage(input: $input) { ticket { id reference } userErrors { field code message } }
}`;

export class WhatsAppThread extends ConsoleElement {
  static properties = { ticket: { attribute: false }, act: { attribute: false }, split: { state: true } };

  constructor() {
    super();
    /** @type {import("../tickets/ticket-query.js").Ticket | null} */
    this.ticket = null;
    /** @type {import("../tickets/ticket-action.js").Act | null} */
    this.act = null;
    /** @type {{ id: string, reference: string } | null} the ticket the last split made */
    this.split = null;
    /** @type {Modal<Shown>} */
    this.pictures = new Modal(this);
    /** @type {Modal<WhatsAppMessage>} */
    this.confirm = new Modal(this);
  }

  /** @param {Map<string, unknown>} changed */
  willUpdate(changed) {
    // The notice of a split belongs to the ticket it was made from.
    const before = /** @type {{ id: string } | null | undefined} */ (changed.get("ticket"));
    if (changed.has("ticket") && before && before.id !== this.ticket?.id) this.split = null;
  }

  /** @param {WhatsAppMessage} message */
  async splitOff(message) {
    if (!this.act) return [];
    const result = await this.act(SPLIT, { messageId: message.id });
    if (!result.ok) return result.userErrors;
    this.split = result.payload.ticket;
    return [];
  }

  async splitDone() {
    this.confirm.close();
    if (!this.split) return;
    announce(t("whatsapp.splitDone", { reference: this.split.reference }));
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector(".wa-split-done a"))?.focus();
  }

  render() {
    const ticket = this.ticket;
    if (!ticket) return "";
    const entries = threadEntries(ticket);
    return html`<section class="card wa-card" aria-labelledby="wa-heading">
      <h2 id="wa-heading">${t("whatsapp.heading")}</h2>
      ${this.split ? html`<p class="notice wa-split-done">${t("whatsapp.splitDone", { reference: this.split.reference })}
        <a href=${href(`/tickets/${this.split.id}`)}>${t("whatsapp.openSplit", { reference: this.split.reference })}</a></p>` : ""}
      ${entries.length
        ? html`<ol class="wa-thread" aria-label=${t("whatsapp.messages")}>${entries.map((e, i) => this.entry(e, i))}</ol>`
        : html`<p class="muted">${t("whatsapp.none")}</p>`}
      ${attachmentDialog(this.pictures)}
      ${this.splitDialog()}
    </section>`;
  }

  /** @param {Entry} entry @param {number} index */
  entry(entry, index) {
    return entry.from === "citizen" ? this.citizen(entry.message, entry.first, index) : this.ours(entry.notification);
  }

  /** @param {WhatsAppMessage} m @param {boolean} first @param {number} index */
  citizen(m, first, index) {
    const label = t("whatsapp.media", { type: typeLabel(m.type), number: index + 1 });
    return html`<li class="wa-message wa-citizen" data-message-id=${m.id}>
      ${meta(t("whatsapp.citizen"), m.sentAt)}
      <div class="wa-bubble">
        ${m.attachment ? html`<div class="wa-media">${attachmentPreview(m.attachment, label, this.pictures)}</div>` : ""}
        ${messageText(m)}
        ${location(m)}
        ${mediaProblem(m)}
        ${m.splitFromTicket ? html`<p class="muted wa-split-from">${t("whatsapp.splitFrom")}
          <a href=${href(`/tickets/${m.splitFromTicket.id}`)}>${m.splitFromTicket.reference}</a></p>` : ""}
      </div>
      ${!first && can(currentUser(), "create") ? html`<p class="wa-actions">
        <button type="button" class="link-button" @click=${() => this.confirm.open(m)}>
          ${t("whatsapp.split")}<span class="visually-hidden">: ${t("whatsapp.messageAt", { time: formatDateTime(m.sentAt) })}</span>
        </button></p>` : ""}
    </li>`;
  }

  /** @param {Notification} n */
  ours(n) {
    const state = replyState(n);
    const kind = has(`notification.kind.${n.kind}`) ? t(`notification.kind.${n.kind}`) : n.kind;
    return html`<li class="wa-message wa-ours" data-notification-id=${n.id}>
      ${meta(t("whatsapp.us"), n.sentAt ?? n.createdAt)}
      <div class="wa-bubble">
        ${n.message ? html`<p class="wa-text">${n.message}</p>` : html`<p class="wa-text muted">${kind}</p>`}
        <p class="wa-delivery"><span class="visually-hidden">${t("whatsapp.deliveryStatus")}:</span>
          <span class=${`badge wa-status tone-${state.tone}`}>${state.label}</span></p>
      </div>
    </li>`;
  }

  splitDialog() {
    const m = this.confirm.value;
    if (!m) return "";
    return this.confirm.render("wa-split-title", t("whatsapp.splitTitle"), html`<cz-confirm-action
      .message=${t("whatsapp.splitBody")} .confirmLabel=${t("whatsapp.splitConfirm")}
      .action=${() => this.splitOff(m)} .modal=${this.confirm}
      @done=${this.splitDone}></cz-confirm-action>`);
  }
}

customElements.define("cz-whatsapp-thread", WhatsAppThread);
