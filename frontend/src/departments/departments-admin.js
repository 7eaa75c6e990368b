// Directorates: create, rename, retire and bring back. A directorate that active categories
// still send requests to cannot be retired (the server refuses; the dialog says so beforehand).
import { html } from "lit";
import { allNodes } from "../kit/all-nodes.js";
import { announce } from "../kit/announce.js";
import { mutate } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { language, t } from "../kit/i18n.js";
import { Modal, closeButton } from "../kit/modal.js";
import "./departments-admin-form.js";

/** @typedef {import("./departments-admin-form.js").Department} Department */
/** @typedef {{ kind: "create" } | { kind: "edit" | "toggle", department: Department }} Dialog */

const DEPARTMENTS = `query AdminDepartments($first: Int, $after: String) {
  departments(includeInactive: true, first: $first, after: $after) {
    edges { node { id code nameTr nameEn active } } pageInfo { hasNextPage endCursor }
  }
}`;
// Only active categories matter: they are what keeps a directorate from being retired.
const CATEGORIES = `query AdminDepartmentCategories($first: Int, $after: String) {
  categories(first: $first, after: $after) {
    edges { node { id code nameTr nameEn department { id } } } pageInfo { hasNextPage endCursor }
  }
}`;
const SET_ACTIVE = `mutation SetDepartmentActive($input: UpdateDepartmentInput!) {
  updateDepartment(input: $input) { department { id active } userErrors { field code message } }
}`;

/** @param {{ nameTr: string, nameEn: string }} item */
export function localName(item) {
  return language() === "en" ? item.nameEn : item.nameTr;
}

export class DepartmentsAdmin extends AdminList {
  static properties = { departments: { state: true }, categories: { state: true } };

  constructor() {
    super();
    /** @type {Department[] | null} */
    this.departments = null;
    /** @type {{ id: string, code: string, nameTr: string, nameEn: string, department: { id: string } | null }[]} */
    this.categories = [];
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
  }

  async fetch() {
    const [departments, categories] = await Promise.all([allNodes(DEPARTMENTS), allNodes(CATEGORIES)]);
    this.departments = departments;
    this.categories = categories;
  }

  /** @param {Department} department */
  leading(department) {
    return this.categories.filter((c) => c.department?.id === department.id);
  }

  /** @param {CustomEvent<Department>} event */
  saved(event) {
    const dialog = this.modal.value;
    const key = dialog?.kind === "create" ? "admin.departments.created" : "admin.departments.saved";
    this.modal.close();
    announce(t(key, { name: localName(event.detail) }));
    this.load();
  }

  /** @param {Department} department */
  async setActive(department) {
    const payload = await mutate(SET_ACTIVE, { input: { id: department.id, active: !department.active } });
    return payload.userErrors;
  }

  /** @param {Department} department */
  toggled(department) {
    this.modal.close();
    announce(t(department.active ? "admin.departments.deactivated" : "admin.departments.activated", { name: localName(department) }));
    this.load();
  }

  render() {
    const sorted = [...(this.departments ?? [])].sort((a, b) => localName(a).localeCompare(localName(b), language()));
    return html`<section class="admin-section" aria-labelledby="departments-heading">
      <div class="admin-head">
        <div>
          <h2 id="departments-heading">${t("admin.departments.title")}</h2>
          <p class="muted">${t("admin.departments.intro")}</p>
        </div>
        <button type="button" class="button" @click=${() => this.modal.open({ kind: "create" })}>${t("admin.departments.new")}</button>
      </div>
      ${this.loadState(this.departments !== null)}
      ${this.departments ? this.table(sorted) : ""}
      ${this.dialog()}
    </section>`;
  }

  /** @param {Department[]} departments */
  table(departments) {
    return adminTable({ caption: t("admin.departments.caption", { count: departments.length }), headings: [
      { label: t("admin.departments.field.code") },
      { label: t("admin.departments.field.nameTr") },
      { label: t("admin.departments.field.nameEn") },
      { label: t("admin.departments.categories"), numeric: true },
      { label: t("admin.state") },
    ] }, departments.map((d) => this.row(d)));
  }

  /** @param {Department} d */
  row(d) {
    const name = localName(d);
    return html`<tr class=${d.active ? "" : "inactive"}>
      <td><code>${d.code}</code></td>
      <td lang="tr">${d.nameTr}</td>
      <td lang="en">${d.nameEn}</td>
      <td class="num">${this.leading(d).length}</td>
      <td>${activeBadge(d.active)}</td>
      <td><div class="row-actions">
        <button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "edit", department: d })}>
          ${t("admin.edit")}<span class="visually-hidden">: ${name}</span>
        </button>
        <button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "toggle", department: d })}>
          ${t(d.active ? "admin.deactivate" : "admin.activate")}<span class="visually-hidden">: ${name}</span>
        </button>
      </div></td>
    </tr>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    if (dialog.kind !== "toggle") {
      const department = dialog.kind === "edit" ? dialog.department : null;
      const title = department ? t("admin.departments.editTitle", { name: localName(department) }) : t("admin.departments.new");
      return this.modal.render("department-dialog-title", title, html`<cz-department-form
        .department=${department} .modal=${this.modal} @saved=${this.saved}></cz-department-form>`);
    }
    const d = dialog.department;
    const name = localName(d);
    const leading = this.leading(d);
    if (d.active && leading.length) {
      return this.modal.render("department-dialog-title", t("admin.departments.deactivateTitle", { name }), html`
        <p class="notice warning">${t("admin.departments.stillLeading", { count: leading.length })}</p>
        <ul class="compact-list">${leading.map((c) => html`<li>${localName(c)} (<code>${c.code}</code>)</li>`)}</ul>
        <div class="actions">${closeButton(this.modal)}</div>`);
    }
    const title = t(d.active ? "admin.departments.deactivateTitle" : "admin.departments.activateTitle", { name });
    return this.modal.render("department-dialog-title", title, html`<cz-confirm-action
      .message=${t(d.active ? "admin.departments.deactivateBody" : "admin.departments.activateBody", { name })}
      .confirmLabel=${t(d.active ? "admin.deactivate" : "admin.activate")} ?danger=${d.active}
      .action=${() => this.setActive(d)} .modal=${this.modal} .area=${"admin.error"}
      @done=${() => this.toggled(d)}></cz-confirm-action>`);
  }
}

/** "Active" / "Inactive" as a word; the colour only repeats it. */
export function activeBadge(/** @type {boolean} */ active) {
  return active
    ? html`<span class="badge ok">${t("admin.active")}</span>`
    : html`<span class="badge status">${t("admin.inactive")}</span>`;
}

customElements.define("cz-departments-admin", DepartmentsAdmin);
