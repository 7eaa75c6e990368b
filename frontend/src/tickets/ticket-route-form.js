// Route: send the ticket to a directorate, with an optional note for its staff.
import { html } from "lit";
import { request } from "../kit/api.js";
import { announce } from "../kit/announce.js";
import { LANGUAGE_CHANGED, graphqlLanguage, t } from "../kit/i18n.js";
import { TicketAction } from "./ticket-action.js";

const ROUTE = `mutation RouteTicket($input: RouteTicketInput!) {
  routeTicket(input: $input) { ticket { id version department { id } } userErrors { field code message } }
}`;

const DEPARTMENTS = `query RouteDepartments($language: Language!) {
  departments(first: 100) { edges { node { id name(language: $language) } } }
}`;

export class TicketRouteForm extends TicketAction {
  static properties = {
    ...TicketAction.properties,
    departments: { state: true },
    choice: { state: true },
    note: { state: true },
  };

  constructor() {
    super();
    /** @type {{ id: string, name: string }[]} */
    this.departments = [];
    this.choice = "";
    this.note = "";
  }

  #relanguage = () => this.load();

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(LANGUAGE_CHANGED, this.#relanguage);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(LANGUAGE_CHANGED, this.#relanguage);
  }

  async load() {
    try {
      const data = await request(DEPARTMENTS, { language: graphqlLanguage() });
      this.departments = data.departments.edges.map((/** @type {any} */ e) => e.node);
    } catch {
      this.departments = [];
    }
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    const department = this.departments.find((d) => d.id === this.choice);
    if (!department) {
      await this.refuse([{ text: `${t("ticket.route.department")}: ${t("error.REQUIRED")}`, target: "route-select" }], { departmentId: t("error.REQUIRED") });
      return;
    }
    const fields = {
      departmentId: { id: "route-select", label: t("ticket.route.department") },
      note: { id: "route-note", label: t("ticket.route.note") },
    };
    const done = await this.run(ROUTE, {
      ticketId: this.ticket.id, departmentId: department.id, note: this.note.trim() || null, expectedVersion: this.ticket.version,
    }, fields);
    if (!done) return;
    this.choice = "";
    this.note = "";
    announce(t("ticket.route.done", { department: department.name }));
  }

  render() {
    if (!this.ticket) return "";
    const here = this.ticket.department?.id;
    return html`<form class="ticket-action" @submit=${this.submit} novalidate aria-labelledby="route-heading">
      <h3 id="route-heading">${t("ticket.route.heading")}</h3>
      ${this.summary()}
      <div class="field">
        <label for="route-select">${t("ticket.route.department")}</label>
        <select id="route-select" .value=${this.choice} aria-invalid=${this.fieldErrors.departmentId ? "true" : "false"}
          aria-describedby=${this.describedBy("departmentId", "route-select")}
          @change=${(/** @type {Event} */ e) => (this.choice = /** @type {HTMLSelectElement} */ (e.target).value)}>
          <option value="" ?selected=${!this.choice}>${t("ticket.route.choose")}</option>
          ${this.departments.filter((d) => d.id !== here).map((d) => html`<option value=${d.id} ?selected=${d.id === this.choice}>${d.name}</option>`)}
        </select>
        ${this.fieldError("departmentId", "route-select")}
      </div>
      <div class="field">
        <label for="route-note">${t("ticket.route.note")}</label>
        <span class="hint" id="route-note-hint">${t("ticket.route.noteHint")}</span>
        <textarea id="route-note" rows="2" .value=${this.note} aria-describedby=${this.describedBy("note", "route-note", "route-note-hint")}
          aria-invalid=${this.fieldErrors.note ? "true" : "false"}
          @input=${(/** @type {Event} */ e) => (this.note = /** @type {HTMLTextAreaElement} */ (e.target).value)}></textarea>
        ${this.fieldError("note", "route-note")}
      </div>
      <div class="actions"><button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.route.submit")}</button></div>
    </form>`;
  }
}

customElements.define("cz-ticket-route-form", TicketRouteForm);
