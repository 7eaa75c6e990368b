// Reopen a closed ticket: it goes back to its department (or to the call centre), with a reason.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { TicketAction } from "./ticket-action.js";

const REOPEN = `mutation ReopenTicket($input: ReopenTicketInput!) {
  reopenTicket(input: $input) { ticket { id version status } userErrors { field code message } }
}`;

export class TicketReopenForm extends TicketAction {
  static properties = { ...TicketAction.properties, reason: { state: true } };

  constructor() {
    super();
    this.reason = "";
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    const done = await this.run(REOPEN, { ticketId: this.ticket.id, reason: this.reason.trim() || null, expectedVersion: this.ticket.version },
      { reason: { id: "reopen-reason", label: t("ticket.reopen.reason") } });
    if (!done) return;
    this.reason = "";
    announce(t("ticket.reopen.done"));
  }

  render() {
    if (!this.ticket) return "";
    return html`<form class="ticket-action" @submit=${this.submit} novalidate aria-labelledby="reopen-heading">
      <h3 id="reopen-heading">${t("ticket.reopen.heading")}</h3>
      ${this.summary()}
      <div class="field">
        <label for="reopen-reason">${t("ticket.reopen.reason")}</label>
        <textarea id="reopen-reason" rows="2" .value=${this.reason} aria-invalid=${this.fieldErrors.reason ? "true" : "false"}
          aria-describedby=${this.describedBy("reason", "reopen-reason")}
          @input=${(/** @type {Event} */ e) => (this.reason = /** @type {HTMLTextAreaElement} */ (e.target).value)}></textarea>
        ${this.fieldError("reason", "reopen-reason")}
      </div>
      <div class="actions"><button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.reopen.submit")}</button></div>
    </form>`;
  }
}

customElements.define("cz-ticket-reopen-form", TicketReopenForm);
