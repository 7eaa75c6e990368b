// The citizen behind the ticket: masked phone and e-mail (KVKK) until someone who may see them
// gives a reason; the revealed details stay on this page only.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, has, t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { currentUser } from "../auth/session.js";
import "./reveal-dialog.js";

/** "+905321112233" as it is read out: "+90 532 111 22 33"; other numbers as they are. */
function readablePhone(/** @type {string} */ phone) {
  const parts = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return parts ? `+90 ${parts.slice(1).join(" ")}` : phone;
}

export class ContactCard extends ConsoleElement {
  static properties = {
    ticket: { attribute: false },
    act: { attribute: false },
    revealed: { state: true },
  };

  constructor() {
    super();
    /** @type {import("../tickets/ticket-query.js").Ticket | null} */
    this.ticket = null;
    /** @type {import("../tickets/ticket-action.js").Act | null} */
    this.act = null;
    /** @type {(import("./reveal-dialog.js").RevealedContact & { at: string }) | null} */
    this.revealed = null;
    /** @type {string | null} */
    this.revealedFor = null;
  }

  /** @param {Map<string, unknown>} changed */
  willUpdate(changed) {
    // Details revealed for one ticket are never shown on another.
    if (changed.has("ticket") && this.ticket?.id !== this.revealedFor) this.revealed = null;
  }

  /** @param {CustomEvent} event */
  onRevealed(event) {
    this.revealed = { ...event.detail, at: new Date().toISOString() };
    this.revealedFor = this.ticket?.id ?? null;
    this.updateComplete.then(() => /** @type {HTMLElement | null} */ (this.querySelector(".contact-revealed"))?.focus());
  }

  render() {
    const contact = this.ticket?.contact;
    const shown = this.revealed;
    const channel = contact ? (has(`replyChannel.${contact.preferredChannel}`) ? t(`replyChannel.${contact.preferredChannel}`) : contact.preferredChannel) : "";
    return html`<section class="card contact-card" aria-labelledby="contact-heading" @cz-contact-revealed=${this.onRevealed}>
      <h2 id="contact-heading">${t("ticket.contact.heading")}</h2>
      ${!contact ? html`<p class="muted">${t("ticket.contact.none")}</p>` : html`
        <dl class="facts">
          <div class="fact"><dt>${t("ticket.contact.name")}</dt><dd>${(shown?.name ?? contact.name) || t("common.none")}</dd></div>
          <div class="fact"><dt>${t("ticket.contact.phone")}</dt><dd class="contact-value">${shown
            ? (shown.phone ? html`<a href=${`tel:${shown.phone}`}>${readablePhone(shown.phone)}</a>` : t("common.none"))
            : contact.phone || t("common.none")}</dd></div>
          <div class="fact"><dt>${t("ticket.contact.email")}</dt><dd class="contact-value">${shown
            ? (shown.email ? html`<a href=${`mailto:${shown.email}`}>${shown.email}</a>` : t("common.none"))
            : contact.email || t("common.none")}</dd></div>
          <div class="fact"><dt>${t("ticket.contact.preferred")}</dt><dd>${channel}</dd></div>
        </dl>
        ${shown ? html`<p class="notice contact-revealed" tabindex="-1" role="status">${t("ticket.contact.revealedAt", { time: formatDateTime(shown.at) })}</p>`
          : html`<p class="muted contact-masked">${t("ticket.contact.masked")}</p>
            ${can(currentUser(), "reveal") ? html`<cz-reveal-dialog .ticket=${this.ticket} .act=${this.act}></cz-reveal-dialog>` : ""}`}
      `}
    </section>`;
  }
}

customElements.define("cz-contact-card", ContactCard);
