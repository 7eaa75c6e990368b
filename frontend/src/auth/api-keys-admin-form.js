// A new integrator's key: what it may do (scopes), for which directorate, how fast. The key
// itself comes back once, in the payload; only its hash is kept.
import { html } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { language, t } from "../kit/i18n.js";

/**
 * @typedef {{ id: string, name: string, prefix: string, scopes: string[], rateLimitPerMinute: number,
 *   createdAt: string, revokedAt: string | null, lastUsedAt: string | null, department: DepartmentRef | null }} ApiKey
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string }} DepartmentRef
 */

export const API_KEY_FIELDS = "id name prefix scopes rateLimitPerMinute createdAt revokedAt lastUsedAt department { id code nameTr nameEn }";
const CREATE = `mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { ${API_KEY_FIELDS} } key userErrors { field code message } }
}`;
export const SCOPES = ["SUBMIT", "READ_PUBLIC", "READ_DEPARTMENT", "READ_ALL", "WRITE_TICKETS", "SUBSCRIBE", "INTROSPECT"];
const DEFAULT_RATE = 600;
const RATE_MAX = 100_000;
const ID = "api-key-form";

/** @param {{ nameTr: string, nameEn: string }} item */
const nameOf = (item) => (language() === "en" ? item.nameEn : item.nameTr);

export class ApiKeyForm extends ConsoleElement {
  static properties = { departments: { attribute: false }, busy: { state: true }, errors: { state: true } };

  constructor() {
    super();
    /** @type {DepartmentRef[]} */
    this.departments = [];
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.busy = false;
    /** @type {import("../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  /** @param {FormData} data */
  read(data) {
    const rate = String(data.get("rateLimitPerMinute") ?? "").trim();
    const values = {
      name: String(data.get("name") ?? "").trim(),
      scopes: data.getAll("scopes").map(String),
      departmentId: String(data.get("departmentId") ?? "") || null,
      rateLimitPerMinute: rate === "" ? DEFAULT_RATE : Number(rate),
    };
    /** @type {import("../kit/form-errors.js").FormError[]} */
    const errors = [];
    if (!values.name) errors.push({ field: "name", message: t("admin.apiKeys.required.name") });
    if (!values.scopes.length) errors.push({ field: "scopes", message: t("admin.error.scopes.REQUIRED") });
    if (values.scopes.includes("READ_DEPARTMENT") && !values.departmentId) {
      errors.push({ field: "departmentId", message: t("admin.error.departmentId.REQUIRED") });
    }
    if (!Number.isInteger(values.rateLimitPerMinute) || values.rateLimitPerMinute < 1 || values.rateLimitPerMinute > RATE_MAX) {
      errors.push({ field: "rateLimitPerMinute", message: t("admin.error.rateLimitPerMinute.INVALID") });
    }
    return { values, errors };
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const { values, errors } = this.read(new FormData(/** @type {HTMLFormElement} */ (event.target)));
    this.errors = errors;
    if (errors.length) return focusSummary(this);
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const payload = await mutate(CREATE, { input: values });
      this.errors = fromUserErrors(payload.userErrors, "admin.error");
      if (!this.errors.length) {
        this.dispatchEvent(new CustomEvent("created", { bubbles: true, detail: { apiKey: payload.apiKey, key: payload.key } }));
      }
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
  }

  scopeChoices() {
    const id = `${ID}-scopes`;
    return html`<fieldset class="field scopes" aria-describedby=${describedBy(this.errors, "scopes", id)}>
      <legend>${t("admin.apiKeys.field.scopes")}</legend>
      ${fieldError(this.errors, "scopes", id)}
      ${SCOPES.map((scope, i) => html`<div class="scope-choice">
        <label class="checkbox" for=${i === 0 ? id : `${id}-${scope}`}>
          <input type="checkbox" name="scopes" value=${scope} id=${i === 0 ? id : `${id}-${scope}`}
            aria-describedby="${id}-${scope}-hint">
          ${t(`admin.apiKeys.scope.${scope}`)}
        </label>
        <span class="hint" id="${id}-${scope}-hint">${t(`admin.apiKeys.scopeHint.${scope}`)}</span>
      </div>`)}
    </fieldset>`;
  }

  render() {
    const nameId = `${ID}-name`;
    const departmentId = `${ID}-departmentId`;
    const rateId = `${ID}-rateLimitPerMinute`;
    const sorted = [...this.departments].sort((a, b) => nameOf(a).localeCompare(nameOf(b), language()));
    return html`<form @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      <div class="field">
        <label for=${nameId}>${t("admin.apiKeys.field.name")}</label>
        <span class="hint" id="${nameId}-hint">${t("admin.apiKeys.nameHint")}</span>
        ${fieldError(this.errors, "name", nameId)}
        <input id=${nameId} name="name" type="text" autocomplete="off" aria-invalid=${invalid(this.errors, "name")}
          aria-describedby=${describedBy(this.errors, "name", nameId, true)}>
      </div>
      ${this.scopeChoices()}
      <div class="grid-2">
        <div class="field">
          <label for=${departmentId}>${t("admin.apiKeys.field.departmentId")}</label>
          <span class="hint" id="${departmentId}-hint">${t("admin.apiKeys.departmentHint")}</span>
          ${fieldError(this.errors, "departmentId", departmentId)}
          <select id=${departmentId} name="departmentId" aria-invalid=${invalid(this.errors, "departmentId")}
            aria-describedby=${describedBy(this.errors, "departmentId", departmentId, true)}>
            <option value="">${t("admin.apiKeys.noDepartment")}</option>
            ${sorted.map((d) => html`<option value=${d.id}>${nameOf(d)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${rateId}>${t("admin.apiKeys.field.rateLimitPerMinute")}</label>
          <span class="hint" id="${rateId}-hint">${t("admin.apiKeys.rateHint", { max: RATE_MAX })}</span>
          ${fieldError(this.errors, "rateLimitPerMinute", rateId)}
          <input id=${rateId} name="rateLimitPerMinute" type="number" inputmode="numeric" min="1" max=${RATE_MAX} step="1"
            value=${DEFAULT_RATE} class="input-short" aria-invalid=${invalid(this.errors, "rateLimitPerMinute")}
            aria-describedby=${describedBy(this.errors, "rateLimitPerMinute", rateId, true)}>
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>${t("admin.apiKeys.create")}</button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-api-key-form", ApiKeyForm);
