// Change status: only the moves the lifecycle allows from here, with what each one needs
// (a reason to reject, an institution to forward to, a target for a duplicate).
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { currentUser } from "../auth/session.js";
import { TicketAction } from "./ticket-action.js";
import { REQUIRED_FOR, nextStatuses } from "./ticket-transitions.js";
import "./ticket-search.js";

const CHANGE_STATUS = `mutation ChangeTicketStatus($input: ChangeTicketStatusInput!) {
  changeTicketStatus(input: $input) { ticket { id version status } userErrors { field code message } }
}`;

export class TicketStatusForm extends TicketAction {
  static properties = {
    ...TicketAction.properties,
    status: { state: true },
    reason: { state: true },
    institution: { state: true },
    target: { state: true },
  };

  constructor() {
    super();
    this.status = "";
    this.reason = "";
    this.institution = "";
    /** @type {import("./ticket-search.js").Found | null} */
    this.target = null;
  }

  options() {
    if (!this.ticket) return [];
    // DUPLICATE is a merge: offered only to those who may merge.
    return nextStatuses(this.ticket.status).filter((s) => s !== "DUPLICATE" || can(currentUser(), "merge"));
  }

  fields() {
    return {
      status: { id: "status-select", label: t("ticket.status.label") },
      reason: { id: "status-reason", label: this.reasonLabel() },
      institution: { id: "status-institution", label: t("ticket.status.institution") },
      duplicateOfId: { id: "status-target-text", label: t("ticket.status.target") },
    };
  }

  reasonLabel() {
    if (this.status === "REJECTED") return t("ticket.status.reasonRequired");
    if (this.status === "RESOLVED") return t("ticket.status.resolution");
    return t("ticket.status.reason");
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    if (!this.status) {
      await this.refuse([{ text: `${t("ticket.status.label")}: ${t("error.REQUIRED")}`, target: "status-select" }], { status: t("error.REQUIRED") });
      return;
    }
    const chosen = this.status;
    const done = await this.run(CHANGE_STATUS, {
      ticketId: this.ticket.id,
      status: chosen,
      expectedVersion: this.ticket.version,
      reason: this.reason.trim() || null,
      institution: chosen === "FORWARDED" ? this.institution.trim() || null : null,
      duplicateOfId: chosen === "DUPLICATE" ? this.target?.id ?? null : null,
    }, this.fields());
    if (!done) return;
    this.status = "";
    this.reason = "";
    this.institution = "";
    this.target = null;
    announce(t("ticket.status.done", { status: t(`status.${chosen}`) }));
  }

  render() {
    if (!this.ticket) return "";
    const options = this.options();
    const needs = REQUIRED_FOR[this.status];
    return html`<form class="ticket-action" @submit=${this.submit} novalidate aria-labelledby="status-heading">
      <h3 id="status-heading">${t("ticket.status.heading")}</h3>
      ${this.summary()}
      <div class="field">
        <label for="status-select">${t("ticket.status.label")}</label>
        <select id="status-select" .value=${this.status} aria-invalid=${this.fieldErrors.status ? "true" : "false"}
          aria-describedby=${this.describedBy("status", "status-select")}
          @change=${(/** @type {Event} */ e) => (this.status = /** @type {HTMLSelectElement} */ (e.target).value)}>
          <option value="" ?selected=${!this.status}>${t("ticket.status.choose")}</option>
          ${options.map((s) => html`<option value=${s} ?selected=${s === this.status}>${t(`status.${s}`)}</option>`)}
        </select>
        ${this.fieldError("status", "status-select")}
      </div>
      ${needs === "institution" ? html`<div class="field">
            <label for="status-institution">${t("ticket.status.institution")}</label>
            <input id="status-institution" type="text" .value=${this.institution} maxlength="200"
              aria-invalid=${this.fieldErrors.institution ? "true" : "false"}
              aria-describedby=${this.describedBy("institution", "status-institution")}
              @input=${(/** @type {Event} */ e) => (this.institution = /** @type {HTMLInputElement} */ (e.target).value)}>
            ${this.fieldError("institution", "status-institution")}
          </div>` : ""}
      ${needs === "duplicateOfId" ? html`<cz-ticket-search .excludeId=${this.ticket.id} .idPrefix=${"status-target"}
            .invalid=${Boolean(this.fieldErrors.duplicateOfId)}
            .describedBy=${this.fieldErrors.duplicateOfId ? "status-target-error" : undefined}
            @cz-ticket-picked=${(/** @type {CustomEvent} */ e) => (this.target = e.detail)}></cz-ticket-search>
          ${this.fieldError("duplicateOfId", "status-target")}` : ""}
      <div class="field">
        <label for="status-reason">${this.reasonLabel()}</label>
        <span class="hint" id="status-reason-hint">${t("ticket.status.reasonHint")}</span>
        <textarea id="status-reason" rows="3" .value=${this.reason}
          aria-invalid=${this.fieldErrors.reason ? "true" : "false"}
          aria-describedby=${this.describedBy("reason", "status-reason", "status-reason-hint")}
          @input=${(/** @type {Event} */ e) => (this.reason = /** @type {HTMLTextAreaElement} */ (e.target).value)}></textarea>
        ${this.fieldError("reason", "status-reason")}
      </div>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.status.submit")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-ticket-status-form", TicketStatusForm);
