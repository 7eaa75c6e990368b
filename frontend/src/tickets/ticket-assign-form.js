// Assign: to oneself in one press, or to a colleague of the ticket's department (the people
// `assignableStaff` says could take it), or back to nobody.
import { html } from "lit";
import { request } from "../kit/api.js";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { currentUser } from "../auth/session.js";
import { TicketAction } from "./ticket-action.js";

const ASSIGN = `mutation AssignTicket($input: AssignTicketInput!) {
  assignTicket(input: $input) { ticket { id version assignee { id name } } userErrors { field code message } }
}`;

const ASSIGNABLE = `query AssignableStaff($departmentId: ID!) { assignableStaff(departmentId: $departmentId) { id name } }`;

export class TicketAssignForm extends TicketAction {
  static properties = {
    ...TicketAction.properties,
    staff: { state: true },
    choice: { state: true },
  };

  constructor() {
    super();
    /** @type {{ id: string, name: string }[]} */
    this.staff = [];
    this.choice = "";
    /** @type {string | null} */
    this.staffOf = null;
  }

  /** @param {Map<string, unknown>} changed */
  willUpdate(changed) {
    const department = this.ticket?.department?.id ?? null;
    if (changed.has("ticket") && department !== this.staffOf) this.loadStaff(department);
  }

  /** @param {string | null} department */
  async loadStaff(department) {
    this.staffOf = department;
    this.staff = [];
    if (!department) return;
    try {
      const data = await request(ASSIGNABLE, { departmentId: department });
      if (this.staffOf === department) this.staff = data.assignableStaff;
    } catch {
      // Without the list, "assign to me" still works; the select just stays empty.
    }
  }

  /** @param {string | null} assigneeId @param {string} doneKey @param {string} name */
  async assign(assigneeId, doneKey, name = "") {
    if (!this.ticket) return;
    const done = await this.run(ASSIGN, { ticketId: this.ticket.id, assigneeId, expectedVersion: this.ticket.version },
      { assigneeId: { id: "assign-select", label: t("ticket.assign.colleague") } });
    if (!done) return;
    this.choice = "";
    announce(t(doneKey, { name }));
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const person = this.staff.find((s) => s.id === this.choice);
    if (!person) {
      await this.refuse([{ text: `${t("ticket.assign.colleague")}: ${t("error.REQUIRED")}`, target: "assign-select" }], { assigneeId: t("error.REQUIRED") });
      return;
    }
    await this.assign(person.id, "ticket.assign.done", person.name);
  }

  render() {
    const ticket = this.ticket;
    const me = currentUser();
    if (!ticket || !me) return "";
    const colleagues = this.staff.filter((s) => s.id !== ticket.assignee?.id);
    return html`<form class="ticket-action" @submit=${this.submit} novalidate aria-labelledby="assign-heading">
      <h3 id="assign-heading">${t("ticket.assign.heading")}</h3>
      ${this.summary()}
      <p class="assign-current">${ticket.assignee ? t("ticket.assign.current", { name: ticket.assignee.name }) : t("ticket.assign.nobody")}</p>
      <div class="actions">
        ${ticket.assignee?.id !== me.id ? html`<button type="button" class="button secondary" ?disabled=${this.busy}
              @click=${() => this.assign(me.id, "ticket.assign.doneMe", me.name)}>${t("ticket.assign.me")}</button>` : ""}
        ${ticket.assignee ? html`<button type="button" class="button secondary" ?disabled=${this.busy}
              @click=${() => this.assign(null, "ticket.assign.doneNobody")}>${t("ticket.assign.unassign")}</button>` : ""}
      </div>
      ${ticket.department ? html`<div class="field">
            <label for="assign-select">${t("ticket.assign.colleague")}</label>
            <div class="inline-control">
              <select id="assign-select" .value=${this.choice} aria-invalid=${this.fieldErrors.assigneeId ? "true" : "false"}
                aria-describedby=${this.describedBy("assigneeId", "assign-select")}
                @change=${(/** @type {Event} */ e) => (this.choice = /** @type {HTMLSelectElement} */ (e.target).value)}>
                <option value="" ?selected=${!this.choice}>${t("ticket.assign.choose")}</option>
                ${colleagues.map((s) => html`<option value=${s.id} ?selected=${s.id === this.choice}>${s.name}</option>`)}
              </select>
              <button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.assign.submit")}</button>
            </div>
            ${this.fieldError("assigneeId", "assign-select")}
          </div>` : html`<p class="muted">${t("ticket.assign.routeFirst")}</p>`}
    </form>`;
  }
}

customElements.define("cz-ticket-assign-form", TicketAssignForm);
