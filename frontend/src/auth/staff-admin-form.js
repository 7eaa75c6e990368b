// A staff account: created with an initial password, or given another role or directorate.
// Agents and managers work one directorate's tickets, so they cannot be left without one.
import { html, nothing } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { language, t } from "../kit/i18n.js";

/**
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string }} DepartmentRef
 * @typedef {{ id: string, name: string, email: string | null, role: string, active: boolean, department: DepartmentRef | null }} Staff
 */

export const STAFF_FIELDS = "id name email role active department { id code nameTr nameEn }";
const PAYLOAD = `user { ${STAFF_FIELDS} } userErrors { field code message }`;
const CREATE = `mutation CreateStaffUser($input: CreateStaffUserInput!) { createStaffUser(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation UpdateStaffUser($input: UpdateStaffUserInput!) { updateStaffUser(input: $input) { ${PAYLOAD} } }`;
export const ROLES = ["ADMIN", "OPERATOR", "MANAGER", "AGENT", "VIEWER"];
const NEEDS_DEPARTMENT = new Set(["AGENT", "MANAGER"]);
const PASSWORD_MIN = 8;
const ID = "staff-form";
// The server names some fields differently in its two mutations.
const ALIASES = { department: "departmentCode", clearDepartment: "departmentCode" };

/** @param {{ nameTr: string, nameEn: string }} item */
const nameOf = (item) => (language() === "en" ? item.nameEn : item.nameTr);

export class StaffForm extends ConsoleElement {
  static properties = {
    user: { attribute: false },
    departments: { attribute: false },
    role: { state: true },
    busy: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    /** @type {Staff | null} null: a new account */
    this.user = null;
    /** @type {DepartmentRef[]} */
    this.departments = [];
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.role = "AGENT";
    this.busy = false;
    /** @type {import("../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  willUpdate(/** @type {Map<string, unknown>} */ changed) {
    if (changed.has("user")) this.role = this.user?.role ?? "AGENT";
  }

  /** @param {FormData} data */
  read(data) {
    const text = (/** @type {string} */ name) => String(data.get(name) ?? "").trim();
    const values = {
      email: text("email"), name: text("name"), password: String(data.get("password") ?? ""),
      role: text("role"), departmentCode: text("departmentCode") || null,
    };
    /** @type {import("../kit/form-errors.js").FormError[]} */
    const errors = [];
    if (!this.user) {
      for (const name of ["email", "name"]) {
        if (!values[/** @type {"email" | "name"} */ (name)]) errors.push({ field: name, message: t(`admin.staff.required.${name}`) });
      }
      if (values.password.length < PASSWORD_MIN) errors.push({ field: "password", message: t("admin.error.password.INVALID") });
    }
    if (NEEDS_DEPARTMENT.has(values.role) && !values.departmentCode) {
      errors.push({ field: "departmentCode", message: t("admin.staff.departmentNeeded", { role: t(`role.${values.role}`) }) });
    }
    return { values, errors };
  }

  /** @param {ReturnType<StaffForm["read"]>["values"]} v @param {Staff} u */
  changes(v, u) {
    /** @type {Record<string, unknown>} */
    const input = { id: u.id };
    if (v.role !== u.role) input.role = v.role;
    if (v.departmentCode !== (u.department?.code ?? null)) {
      if (v.departmentCode) input.departmentCode = v.departmentCode;
      else input.clearDepartment = true;
    }
    return input;
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const { values, errors } = this.read(new FormData(/** @type {HTMLFormElement} */ (event.target)));
    this.errors = errors;
    if (errors.length) return focusSummary(this);
    const [query, input] = this.user ? [UPDATE, this.changes(values, this.user)] : [CREATE, values];
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const payload = await mutate(query, { input });
      this.errors = fromUserErrors(payload.userErrors, "admin.error", ALIASES);
      if (!this.errors.length) this.dispatchEvent(new CustomEvent("saved", { bubbles: true, detail: payload.user }));
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
  }

  /** @param {string} name @param {unknown} control @param {string} [hint] */
  field(name, control, hint) {
    const id = `${ID}-${name}`;
    return html`<div class="field">
      <label for=${id}>${t(`admin.staff.field.${name}`)}</label>
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ""}
      ${fieldError(this.errors, name, id)}
      ${control}
    </div>`;
  }

  /** @param {string} name @param {string} type @param {string} autocomplete @param {string} [hint] */
  input(name, type, autocomplete, hint) {
    const id = `${ID}-${name}`;
    return this.field(name, html`<input id=${id} name=${name} type=${type} autocomplete=${autocomplete}
      spellcheck=${type === "text" ? nothing : "false"} aria-invalid=${invalid(this.errors, name)}
      aria-describedby=${describedBy(this.errors, name, id, Boolean(hint))}>`, hint);
  }

  roleSelect() {
    const id = `${ID}-role`;
    return this.field("role", html`<select id=${id} name="role" aria-invalid=${invalid(this.errors, "role")}
      aria-describedby=${describedBy(this.errors, "role", id)}
      @change=${(/** @type {Event} */ e) => (this.role = /** @type {HTMLSelectElement} */ (e.target).value)}>
      ${ROLES.map((r) => html`<option value=${r} ?selected=${r === this.role}>${t(`role.${r}`)}</option>`)}
    </select>`);
  }

  departmentSelect() {
    const id = `${ID}-departmentCode`;
    const current = this.user?.department?.code ?? "";
    const sorted = [...this.departments].sort((a, b) => nameOf(a).localeCompare(nameOf(b), language()));
    const hint = NEEDS_DEPARTMENT.has(this.role) ? t("admin.staff.departmentRequired") : t("admin.staff.departmentOptional");
    return this.field("departmentCode", html`<select id=${id} name="departmentCode" aria-invalid=${invalid(this.errors, "departmentCode")}
      aria-describedby=${describedBy(this.errors, "departmentCode", id, true)} ?required=${NEEDS_DEPARTMENT.has(this.role)}>
      <option value="" ?selected=${!current}>${t("admin.staff.noDepartment")}</option>
      ${sorted.map((d) => html`<option value=${d.code} ?selected=${d.code === current}>${nameOf(d)}</option>`)}
    </select>`, hint);
  }

  render() {
    return html`<form @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      ${this.user ? html`<p><strong>${this.user.name}</strong> <span class="muted">${this.user.email}</span></p>` : html`
        ${this.input("email", "email", "off")}
        ${this.input("name", "text", "off")}`}
      <div class="grid-2">${this.roleSelect()}${this.departmentSelect()}</div>
      ${this.user ? "" : this.input("password", "password", "new-password", t("admin.staff.passwordHint", { min: PASSWORD_MIN }))}
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>${t(this.user ? "common.save" : "admin.staff.create")}</button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-staff-form", StaffForm);
