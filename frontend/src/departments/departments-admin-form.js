// A directorate's code and names: the code is chosen once (integrators and exports know it),
// the names can be corrected at any time.
import { html, nothing } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { t } from "../kit/i18n.js";

/** @typedef {{ id: string, code: string, nameTr: string, nameEn: string, active: boolean }} Department */

const FIELDS = "department { id code nameTr nameEn active } userErrors { field code message }";
const CREATE = `mutation CreateDepartment($input: CreateDepartmentInput!) { createDepartment(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation UpdateDepartment($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { ${FIELDS} } }`;
const ID = "department-form";

export class DepartmentForm extends ConsoleElement {
  static properties = { department: { attribute: false }, busy: { state: true }, errors: { state: true } };

  constructor() {
    super();
    /** @type {Department | null} null: a new one */
    this.department = null;
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.busy = false;
    /** @type {import("../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  /** @param {FormData} data */
  missing(data) {
    const wanted = this.department ? ["nameTr", "nameEn"] : ["code", "nameTr", "nameEn"];
    return wanted
      .filter((name) => !String(data.get(name) ?? "").trim())
      .map((name) => ({ field: name, message: t(`admin.departments.required.${name}`) }));
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const data = new FormData(/** @type {HTMLFormElement} */ (event.target));
    this.errors = this.missing(data);
    if (this.errors.length) return focusSummary(this);
    const nameTr = String(data.get("nameTr")).trim();
    const nameEn = String(data.get("nameEn")).trim();
    const [query, input] = this.department
      ? [UPDATE, { id: this.department.id, nameTr, nameEn }]
      : [CREATE, { code: String(data.get("code")).trim(), nameTr, nameEn }];
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const payload = await mutate(query, { input });
      this.errors = fromUserErrors(payload.userErrors, "admin.error");
      if (!this.errors.length) this.dispatchEvent(new CustomEvent("saved", { bubbles: true, detail: payload.department }));
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
   * @param {string} value
   * @param {{ hint?: string, lang?: string, readonly?: boolean }} [options]
   */
  field(name, value, options = {}) {
    const id = `${ID}-${name}`;
    return html`<div class="field">
      <label for=${id}>${t(`admin.departments.field.${name}`)}</label>
      ${options.hint ? html`<span class="hint" id="${id}-hint">${options.hint}</span>` : ""}
      ${fieldError(this.errors, name, id)}
      <input id=${id} name=${name} type="text" .value=${value} ?readonly=${options.readonly ?? false}
        lang=${options.lang ?? nothing} autocomplete="off" aria-invalid=${invalid(this.errors, name)}
        aria-describedby=${describedBy(this.errors, name, id, Boolean(options.hint))}>
    </div>`;
  }

  render() {
    const d = this.department;
    return html`<form @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      ${d
        ? this.field("code", d.code, { readonly: true, hint: t("admin.departments.codeFixed") })
        : this.field("code", "", { hint: t("admin.departments.codeHint") })}
      ${this.field("nameTr", d?.nameTr ?? "", { lang: "tr" })}
      ${this.field("nameEn", d?.nameEn ?? "", { lang: "en" })}
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>
          ${t(d ? "common.save" : "admin.departments.create")}
        </button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>
          ${t("common.cancel")}
        </button>
      </div>
    </form>`;
  }
}

customElements.define("cz-department-form", DepartmentForm);
