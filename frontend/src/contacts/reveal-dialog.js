// Revealing a citizen's full phone and e-mail (KVKK): the user says why, the server records it
// in the audit log and on the timeline, and only then sends the details.
import { html } from "lit";
import { t } from "../kit/i18n.js";
import { TicketAction } from "../tickets/ticket-action.js";

const REVEAL = `mutation RevealContact($input: RevealContactInput!) {
  revealContact(input: $input) { contact { name phone email } userErrors { field code message } }
}`;

/** @typedef {{ name: string | null, phone: string | null, email: string | null }} RevealedContact */

export const REVEALED = "cz-contact-revealed";

export class RevealDialog extends TicketAction {
  static properties = { ...TicketAction.properties, reason: { state: true } };

  constructor() {
    super();
    this.reason = "";
  }

  get dialog() {
    return /** @type {HTMLDialogElement} */ (this.querySelector("dialog"));
  }

  open() {
    this.clearProblems();
    this.dialog.showModal();
    /** @type {HTMLElement | null} */ (this.querySelector("#reveal-reason"))?.focus();
  }

  close() {
    this.dialog.close();
  }

  closed() {
    /** @type {HTMLElement | null} */ (this.querySelector(".reveal-open"))?.focus();
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    const fields = { reason: { id: "reveal-reason", label: t("ticket.contact.reveal.reason") } };
    const payload = await this.run(REVEAL, { ticketId: this.ticket.id, reason: this.reason.trim() }, fields);
    if (!payload?.contact) return;
    this.reason = "";
    this.close();
    this.dispatchEvent(new CustomEvent(REVEALED, { detail: payload.contact, bubbles: true }));
  }

  render() {
    return html`
      <button type="button" class="button secondary small reveal-open" @click=${this.open}>${t("ticket.contact.reveal.open")}</button>
      <dialog aria-labelledby="reveal-heading" aria-describedby="reveal-explain" @close=${this.closed}>
        <form @submit=${this.submit} novalidate>
          <h2 id="reveal-heading">${t("ticket.contact.reveal.heading")}</h2>
          <p id="reveal-explain">${t("ticket.contact.reveal.explain")}</p>
          ${this.summary()}
          <div class="field">
            <label for="reveal-reason">${t("ticket.contact.reveal.reason")}</label>
            <span class="hint" id="reveal-reason-hint">${t("ticket.contact.reveal.hint")}</span>
            <textarea id="reveal-reason" rows="3" maxlength="500" .value=${this.reason}
              aria-invalid=${this.fieldErrors.reason ? "true" : "false"}
              aria-describedby=${this.describedBy("reason", "reveal-reason", "reveal-reason-hint")}
              @input=${(/** @type {Event} */ e) => (this.reason = /** @type {HTMLTextAreaElement} */ (e.target).value)}></textarea>
            ${this.fieldError("reason", "reveal-reason")}
          </div>
          <div class="actions">
            <button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.contact.reveal.submit")}</button>
            <button class="button secondary" type="button" @click=${this.close}>${t("common.cancel")}</button>
          </div>
        </form>
      </dialog>`;
  }
}

customElements.define("cz-reveal-dialog", RevealDialog);
