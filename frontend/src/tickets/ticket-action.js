// The base of every form that changes a ticket: one submit at a time, the server's userErrors
// mapped to fields and summarised (focused) at the top, and a stale version explained by the
// page (`act`) while the user's input stays where it was.
import { html, nothing } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t, userErrorText } from "../kit/i18n.js";

/**
 * @typedef {import("../kit/api.js").UserError} UserError
 * @typedef {{ ok: true, payload: any } | { ok: false, userErrors: UserError[], conflict?: string }} ActResult
 * @typedef {(query: string, input: Record<string, unknown>, files?: import("../kit/api.js").Upload[]) => Promise<ActResult>} Act
 * @typedef {{ text: string, target?: string }} Problem
 */

export class TicketAction extends ConsoleElement {
  static properties = {
    ticket: { attribute: false },
    act: { attribute: false },
    busy: { state: true },
    problems: { state: true },
    fieldErrors: { state: true },
  };

  constructor() {
    super();
    /** @type {import("./ticket-query.js").Ticket | null} */
    this.ticket = null;
    /** @type {Act | null} */
    this.act = null;
    this.busy = false;
    /** @type {Problem[]} */
    this.problems = [];
    /** @type {Record<string, string>} */
    this.fieldErrors = {};
  }

  /**
   * Runs a mutation through the page; its payload when it succeeded, else null.
   * @param {string} query
   * @param {Record<string, unknown>} input
   * @param {Record<string, { id: string, label: string }>} fields the input's field names → form controls
   * @param {import("../kit/api.js").Upload[]} [files] sent as a multipart request, at their `path` in the variables
   * @returns {Promise<any>}
   */
  async run(query, input, fields = {}, files = []) {
    if (this.busy || !this.act) return null;
    this.busy = true;
    this.problems = [];
    this.fieldErrors = {};
    let payload = null;
    try {
      const result = await this.act(query, input, files);
      if (result.ok) payload = result.payload;
      else if (result.conflict) this.problems = [{ text: result.conflict }];
      else this.showErrors(result.userErrors, fields);
    } catch (error) {
      const code = /** @type {any} */ (error).code;
      this.problems = [{ text: code === "NETWORK" ? t("common.networkError") : userErrorText({ code, message: String(/** @type {any} */ (error).message) }) }];
    } finally {
      this.busy = false;
    }
    if (!payload) {
      await this.updateComplete;
      /** @type {HTMLElement | null} */ (this.querySelector(".error-summary"))?.focus();
    }
    return payload;
  }

  /** Client-side refusals (nothing chosen yet) shown the same way as the server's. */
  async refuse(/** @type {Problem[]} */ problems, /** @type {Record<string, string>} */ fieldErrors = {}) {
    this.problems = problems;
    this.fieldErrors = fieldErrors;
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector(".error-summary"))?.focus();
  }

  /**
   * @param {UserError[]} userErrors
   * @param {Record<string, { id: string, label: string }>} fields
   */
  showErrors(userErrors, fields) {
    /** @type {Record<string, string>} */
    const byField = {};
    this.problems = userErrors.map((error) => {
      const name = (error.field ?? []).at(-1) ?? "";
      const field = fields[name];
      const text = userErrorText(error);
      if (!field) return { text };
      byField[name] = text;
      return { text: `${field.label}: ${text}`, target: field.id };
    });
    this.fieldErrors = byField;
  }

  clearProblems() {
    this.problems = [];
    this.fieldErrors = {};
  }

  /** The summary at the top of the form; its links move focus to the field at fault. */
  summary() {
    if (!this.problems.length) return "";
    return html`<div class="error-summary" tabindex="-1" role="alert">
      <h3>${t("form.errorSummary")}</h3>
      <ul>
        ${this.problems.map((p) => html`<li>${p.target
          ? html`<a href=${`#${p.target}`} @click=${(/** @type {Event} */ e) => this.focusField(e, p.target)}>${p.text}</a>`
          : p.text}</li>`)}
      </ul>
    </div>`;
  }

  /** @param {Event} event @param {string | undefined} id */
  focusField(event, id) {
    event.preventDefault();
    if (id) /** @type {HTMLElement | null} */ (this.querySelector(`#${id}`))?.focus();
  }

  /** A field's message, tied to the control by `aria-describedby`. */
  fieldError(/** @type {string} */ name, /** @type {string} */ id) {
    const text = this.fieldErrors[name];
    return text ? html`<p class="field-error" id=${`${id}-error`}>${text}</p>` : "";
  }

  /** The describedby value of a control: its hint and its error, when present. */
  describedBy(/** @type {string} */ name, /** @type {string} */ id, /** @type {string | null} */ hint = null) {
    return [hint, this.fieldErrors[name] ? `${id}-error` : null].filter(Boolean).join(" ") || nothing;
  }
}
