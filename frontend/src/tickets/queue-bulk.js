// Bulk actions on the selected tickets: assign, route, change status. Each ticket is its own
// mutation (one may fail while the others succeed); each sends the version the user had when they
// selected the ticket, so a ticket that changed since is refused, not overwritten.
// The outcome goes to the page as a "queue-bulk-done" event, to report by reference and refresh.
import { html, nothing } from "lit";
import { RequestFailed } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { has, t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { BULK_MUTATIONS, loadAssignable } from "./queue-api.js";
import { byName, nameOf } from "./queue-format.js";

/**
 * @typedef {{ id: string, reference: string, version: number, departmentId: string | null }} Picked
 * @typedef {{ message: string, code: string }} Failure why a ticket was not changed, and the code behind it
 * @typedef {{ succeeded: Picked[], failed: ({ ticket: Picked } & Failure)[], action: string }} BulkOutcome
 */

const TARGET_STATUSES = ["IN_PROGRESS", "SCHEDULED", "ON_HOLD", "RESOLVED", "REJECTED", "FORWARDED"];
const PARALLEL = 4;
const ME = "me";
const NOBODY = "nobody";

export class QueueBulk extends ConsoleElement {
  static properties = {
    picked: { attribute: false },
    me: { attribute: false },
    departments: { attribute: false },
    staff: { state: true },
    running: { state: true },
    target: { state: true },
    fieldError: { state: true },
  };

  constructor() {
    super();
    /** @type {Picked[]} */
    this.picked = [];
    /** @type {import("../auth/session.js").Me | null} */
    this.me = null;
    /** @type {import("./queue-api.js").DepartmentRef[]} */
    this.departments = [];
    /** @type {Map<string, import("./queue-api.js").StaffRef[]>} department id → who may take its tickets */
    this.staff = new Map();
    this.running = false;
    this.target = "";
    this.fieldError = "";
  }

  /** @param {Map<string, unknown>} changed */
  willUpdate(changed) {
    if (!changed.has("picked") || !can(this.me, "assign")) return;
    for (const id of new Set(this.picked.map((p) => p.departmentId))) {
      if (!id || this.staff.has(id)) continue;
      loadAssignable(id).then((people) => (this.staff = new Map(this.staff).set(id, people)), () => {});
    }
  }

  /**
   * Runs `inputOf(ticket)` through `action`'s mutation for every picked ticket, a few at a time.
   * @param {keyof typeof BULK_MUTATIONS} action
   * @param {(ticket: Picked) => Record<string, unknown>} inputOf
   */
  async run(action, inputOf) {
    this.running = true;
    const tickets = [...this.picked];
    /** @type {BulkOutcome} */
    const outcome = { succeeded: [], failed: [], action };
    const queue = [...tickets];
    const worker = async () => {
      for (let ticket = queue.shift(); ticket; ticket = queue.shift()) {
        const failure = await attempt(() => BULK_MUTATIONS[action]({ ticketId: ticket.id, ...inputOf(ticket) }));
        if (failure) outcome.failed.push({ ticket, ...failure });
        else outcome.succeeded.push(ticket);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, tickets.length) }, worker));
    } finally {
      this.running = false;
    }
    this.dispatchEvent(new CustomEvent("queue-bulk-done", { detail: outcome, bubbles: true }));
  }

  /** @param {SubmitEvent} e */
  assign(e) {
    e.preventDefault();
    const value = this.valueOf("#queue-bulk-assignee");
    if (!value) return;
    const assigneeId = value === NOBODY ? null : value === ME ? this.me?.id : value;
    this.run("assign", (ticket) => ({ assigneeId, expectedVersion: ticket.version }));
  }

  /** @param {SubmitEvent} e */
  route(e) {
    e.preventDefault();
    const departmentId = this.valueOf("#queue-bulk-department");
    if (departmentId) this.run("route", (ticket) => ({ departmentId, expectedVersion: ticket.version }));
  }

  /** @param {SubmitEvent} e */
  changeStatus(e) {
    e.preventDefault();
    const status = this.valueOf("#queue-bulk-status");
    if (!status) return;
    const detail = this.valueOf("#queue-bulk-detail");
    if ((status === "REJECTED" || status === "FORWARDED") && !detail) {
      this.fieldError = t("error.REQUIRED");
      /** @type {HTMLElement | null} */ (this.querySelector("#queue-bulk-detail"))?.focus();
      return;
    }
    this.fieldError = "";
    const extra = status === "FORWARDED" ? { institution: detail } : detail ? { reason: detail } : {};
    this.run("status", (ticket) => ({ status, expectedVersion: ticket.version, ...extra }));
  }

  /** @param {string} selector */
  valueOf(selector) {
    const field = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (this.querySelector(selector));
    return field?.value.trim() ?? "";
  }

  clear() {
    this.dispatchEvent(new CustomEvent("queue-select", { detail: { ids: this.picked.map((p) => p.id), on: false }, bubbles: true }));
  }

  render() {
    if (!this.picked.length) return nothing;
    return html`<section class="queue-bulk" aria-labelledby="queue-bulk-title" aria-busy=${this.running ? "true" : "false"}>
      <h2 id="queue-bulk-title" class="queue-bulk-title" tabindex="-1">${t("queue.bulk.selected", { count: this.picked.length })}</h2>
      ${can(this.me, "assign") ? this.assignForm() : ""}
      ${can(this.me, "route") ? this.routeForm() : ""}
      ${can(this.me, "status") ? this.statusForm() : ""}
      <button type="button" class="link-button" @click=${this.clear}>${t("queue.bulk.clear")}</button>
    </section>`;
  }

  assignForm() {
    const departments = [...new Set(this.picked.map((p) => p.departmentId))];
    return html`<form class="queue-bulk-form" @submit=${this.assign}>
      <label for="queue-bulk-assignee">${t("queue.bulk.assign")}</label>
      <select id="queue-bulk-assignee">
        <option value="">${t("queue.bulk.choose")}</option>
        <option value=${ME}>${t("queue.bulk.toMe")}</option>
        <option value=${NOBODY}>${t("queue.bulk.unassign")}</option>
        ${departments.map((id) => {
          const people = (id && this.staff.get(id)) || [];
          const department = this.departments.find((d) => d.id === id);
          return people.length
            ? html`<optgroup label=${nameOf(department) || t("queue.col.department")}>
                ${people.filter((p) => p.id !== this.me?.id).map((p) => html`<option value=${p.id}>${p.name}</option>`)}
              </optgroup>`
            : "";
        })}
      </select>
      <button type="submit" class="button small" ?disabled=${this.running}>${t("queue.bulk.assignSubmit")}</button>
    </form>`;
  }

  routeForm() {
    return html`<form class="queue-bulk-form" @submit=${this.route}>
      <label for="queue-bulk-department">${t("queue.bulk.route")}</label>
      <select id="queue-bulk-department">
        <option value="">${t("queue.bulk.choose")}</option>
        ${byName(this.departments).map((d) => html`<option value=${d.id}>${nameOf(d)}</option>`)}
      </select>
      <button type="submit" class="button small" ?disabled=${this.running}>${t("queue.bulk.routeSubmit")}</button>
    </form>`;
  }

  statusForm() {
    const needs = this.target === "FORWARDED" ? "institution" : this.target === "REJECTED" || this.target === "RESOLVED" ? "reason" : "";
    return html`<form class="queue-bulk-form" @submit=${this.changeStatus} novalidate>
      <label for="queue-bulk-status">${t("queue.bulk.status")}</label>
      <select id="queue-bulk-status" @change=${(/** @type {Event} */ e) => (this.target = /** @type {HTMLSelectElement} */ (e.target).value)}>
        <option value="">${t("queue.bulk.choose")}</option>
        ${TARGET_STATUSES.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}
      </select>
      ${needs ? html`<span class="queue-bulk-detail">
        <label for="queue-bulk-detail">${t(`queue.bulk.${needs}${this.target === "RESOLVED" ? "Optional" : ""}`)}</label>
        <input id="queue-bulk-detail" type="text" maxlength="2000" aria-invalid=${this.fieldError ? "true" : "false"}
          aria-describedby=${this.fieldError ? "queue-bulk-detail-error" : nothing}>
        ${this.fieldError ? html`<span id="queue-bulk-detail-error" class="field-error">${this.fieldError}</span>` : ""}
      </span>` : ""}
      <button type="submit" class="button small" ?disabled=${this.running}>${t("queue.bulk.statusSubmit")}</button>
    </form>`;
  }
}

/**
 * Why a ticket's mutation failed, in the user's language, or null when it did not. A code the
 * console has no words for gets a generic sentence; the server's own (English, technical) text
 * is never the message, only the code goes along, for whoever reports the problem.
 * @param {() => Promise<any>} call
 * @returns {Promise<Failure | null>}
 */
async function attempt(call) {
  try {
    const payload = await call();
    return payload.userErrors.length ? failureOf(payload.userErrors[0].code) : null;
  } catch (error) {
    if (error instanceof RequestFailed && error.code !== "NETWORK") return failureOf(error.code);
    return { message: t("common.networkError"), code: "" };
  }
}

/** @param {string} code @returns {Failure} */
function failureOf(code) {
  return has(`error.${code}`) ? { message: t(`error.${code}`), code: "" } : { message: t("common.requestFailed"), code };
}

customElements.define("cz-queue-bulk", QueueBulk);
