// A category of request: its names, where its requests go, how urgent they are by default and
// how long the directorate has; or, for what the municipality does not handle, who does.
import { html, nothing } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { language, t } from "../kit/i18n.js";

/**
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string, active: boolean }} DepartmentRef
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string, active: boolean, slaHours: number | null,
 *   remit: "MUNICIPAL" | "EXTERNAL", externalInstitution: string | null, defaultPriority: string,
 *   department: DepartmentRef | null }} Category
 */

export const CATEGORY_FIELDS = "id code nameTr nameEn active slaHours remit externalInstitution defaultPriority department { id code nameTr nameEn active }";
const PAYLOAD = `category { ${CATEGORY_FIELDS} } userErrors { field code message }`;
const CREATE = `mutation CreateCategory($input: CreateCategoryInput!) { createCategory(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation UpdateCategory($input: UpdateCategoryInput!) { updateCategory(input: $input) { ${PAYLOAD} } }`;
const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"];
const SLA_MAX = 8760;
const ID = "category-form";

/** @param {{ nameTr: string, nameEn: string }} item */
const nameOf = (item) => (language() === "en" ? item.nameEn : item.nameTr);

/** @param {DepartmentRef} d */
const optionLabel = (d) => (d.active ? nameOf(d) : `${nameOf(d)} (${t("admin.inactive")})`);

export class CategoryForm extends ConsoleElement {
  static properties = {
    category: { attribute: false },
    departments: { attribute: false },
    remit: { state: true },
    busy: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    /** @type {Category | null} null: a new one */
    this.category = null;
    /** @type {DepartmentRef[]} the active ones */
    this.departments = [];
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.remit = "MUNICIPAL";
    this.busy = false;
    /** @type {import("../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  willUpdate(/** @type {Map<string, unknown>} */ changed) {
    if (changed.has("category")) this.remit = this.category?.remit ?? "MUNICIPAL";
  }

  /**
   * What the form holds, checked as far as the browser can; the server checks again.
   * @param {FormData} data
   */
  read(data) {
    const text = (/** @type {string} */ name) => String(data.get(name) ?? "").trim();
    const values = {
      code: text("code"), nameTr: text("nameTr"), nameEn: text("nameEn"),
      departmentId: text("departmentId") || null, defaultPriority: text("defaultPriority"),
      slaHours: text("slaHours") ? Number(text("slaHours")) : null, remit: text("remit") || "MUNICIPAL",
      externalInstitution: text("externalInstitution") || null,
    };
    /** @type {import("../kit/form-errors.js").FormError[]} */
    const errors = [];
    const required = this.category ? ["nameTr", "nameEn"] : ["code", "nameTr", "nameEn"];
    for (const name of required) {
      if (!values[/** @type {"code"} */ (name)]) errors.push({ field: name, message: t(`admin.categories.required.${name}`) });
    }
    if (values.slaHours !== null && !(Number.isInteger(values.slaHours) && values.slaHours >= 1 && values.slaHours <= SLA_MAX)) {
      errors.push({ field: "slaHours", message: t("admin.error.slaHours.INVALID") });
    }
    if (values.remit === "EXTERNAL" && !values.externalInstitution) {
      errors.push({ field: "externalInstitution", message: t("admin.error.externalInstitution.REQUIRED") });
    }
    return { values, errors };
  }

  /** Only what changed: absent fields are left as they are, emptied ones are cleared. */
  changes(/** @type {ReturnType<CategoryForm["read"]>["values"]} */ v, /** @type {Category} */ c) {
    /** @type {Record<string, unknown>} */
    const input = { id: c.id };
    if (v.nameTr !== c.nameTr) input.nameTr = v.nameTr;
    if (v.nameEn !== c.nameEn) input.nameEn = v.nameEn;
    if (v.defaultPriority !== c.defaultPriority) input.defaultPriority = v.defaultPriority;
    if (v.departmentId !== (c.department?.id ?? null)) {
      if (v.departmentId) input.departmentId = v.departmentId;
      else input.clearDepartment = true;
    }
    if (v.slaHours !== c.slaHours) {
      if (v.slaHours !== null) input.slaHours = v.slaHours;
      else input.clearSlaHours = true;
    }
    if (v.remit !== c.remit) input.remit = v.remit;
    if (v.remit === "EXTERNAL" && v.externalInstitution !== c.externalInstitution) input.externalInstitution = v.externalInstitution;
    return input;
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const { values, errors } = this.read(new FormData(/** @type {HTMLFormElement} */ (event.target)));
    this.errors = errors;
    if (errors.length) return focusSummary(this);
    const create = { ...values, externalInstitution: values.remit === "EXTERNAL" ? values.externalInstitution : null };
    const [query, input] = this.category ? [UPDATE, this.changes(values, this.category)] : [CREATE, create];
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const payload = await mutate(query, { input });
      this.errors = fromUserErrors(payload.userErrors, "admin.error", { clearDepartment: "departmentId", clearSlaHours: "slaHours" });
      if (!this.errors.length) this.dispatchEvent(new CustomEvent("saved", { bubbles: true, detail: payload.category }));
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
  }

  /**
   * @param {string} name
   * @param {unknown} control
   * @param {string} [hint]
   */
  field(name, control, hint) {
    const id = `${ID}-${name}`;
    return html`<div class="field">
      <label for=${id}>${t(`admin.categories.field.${name}`)}</label>
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ""}
      ${fieldError(this.errors, name, id)}
      ${control}
    </div>`;
  }

  /** @param {string} name @param {boolean} [hint] */
  aria(name, hint = false) {
    const id = `${ID}-${name}`;
    return { id, invalid: invalid(this.errors, name), describedBy: describedBy(this.errors, name, id, hint) };
  }

  /** @param {string} name @param {string} value @param {{ hint?: string, lang?: string, readonly?: boolean }} [options] */
  text(name, value, options = {}) {
    const a = this.aria(name, Boolean(options.hint));
    return this.field(name, html`<input id=${a.id} name=${name} type="text" .value=${value} autocomplete="off"
      ?readonly=${options.readonly ?? false} lang=${options.lang ?? nothing}
      aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>`, options.hint);
  }

  departmentSelect() {
    const current = this.category?.department ?? null;
    // A category may still point at a retired directorate: show it, so saving does not move it by surprise.
    const offered = current && !this.departments.some((d) => d.id === current.id) ? [...this.departments, current] : this.departments;
    const sorted = [...offered].sort((a, b) => nameOf(a).localeCompare(nameOf(b), language()));
    const a = this.aria("departmentId", true);
    return this.field("departmentId", html`<select id=${a.id} name="departmentId" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>
      <option value="" ?selected=${!current}>${t("admin.categories.noDepartment")}</option>
      ${sorted.map((d) => html`<option value=${d.id} ?selected=${d.id === current?.id}>${optionLabel(d)}</option>`)}
    </select>`, t("admin.categories.departmentHint"));
  }

  prioritySelect() {
    const current = this.category?.defaultPriority ?? "NORMAL";
    const a = this.aria("defaultPriority");
    return this.field("defaultPriority", html`<select id=${a.id} name="defaultPriority" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>
      ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${p === current}>${t(`priority.${p}`)}</option>`)}
    </select>`);
  }

  slaInput() {
    const a = this.aria("slaHours", true);
    return this.field("slaHours", html`<input id=${a.id} name="slaHours" type="number" inputmode="numeric" min="1" max=${SLA_MAX} step="1"
      .value=${this.category?.slaHours == null ? "" : String(this.category.slaHours)} class="input-short"
      aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>`, t("admin.categories.slaHint"));
  }

  remitChoice() {
    const id = `${ID}-remit`;
    return html`<fieldset class="field">
      <legend>${t("admin.categories.field.remit")}</legend>
      ${fieldError(this.errors, "remit", id)}
      ${["MUNICIPAL", "EXTERNAL"].map((r, i) => html`<label class="checkbox">
        <input type="radio" name="remit" value=${r} id=${i === 0 ? id : `${id}-${r}`} .checked=${this.remit === r}
          @change=${() => (this.remit = r)}>
        ${t(`admin.categories.remit.${r}`)}
      </label>`)}
    </fieldset>`;
  }

  render() {
    const c = this.category;
    return html`<form @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      ${c ? this.text("code", c.code, { readonly: true, hint: t("admin.categories.codeFixed") })
        : this.text("code", "", { hint: t("admin.categories.codeHint") })}
      <div class="grid-2">
        ${this.text("nameTr", c?.nameTr ?? "", { lang: "tr" })}
        ${this.text("nameEn", c?.nameEn ?? "", { lang: "en" })}
      </div>
      ${this.departmentSelect()}
      <div class="grid-2">${this.prioritySelect()}${this.slaInput()}</div>
      ${this.remitChoice()}
      ${this.remit === "EXTERNAL"
        ? this.text("externalInstitution", c?.externalInstitution ?? "", { hint: t("admin.categories.institutionHint") })
        : ""}
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>${t(c ? "common.save" : "admin.categories.create")}</button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-category-form", CategoryForm);
