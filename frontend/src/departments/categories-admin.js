// Categories of request: what citizens and operators choose from. A change is offered from the
// next request on (nothing caches categories), so the table is the truth the forms show.
import { html } from "lit";
import { allNodes } from "../kit/all-nodes.js";
import { announce } from "../kit/announce.js";
import { mutate } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { fold, language, t } from "../kit/i18n.js";
import { Modal } from "../kit/modal.js";
import { CATEGORY_FIELDS } from "./categories-admin-form.js";
import { activeBadge, localName } from "./departments-admin.js";

/** @typedef {import("./categories-admin-form.js").Category} Category */
/** @typedef {import("./categories-admin-form.js").DepartmentRef} DepartmentRef */
/** @typedef {{ kind: "create" } | { kind: "edit" | "toggle", category: Category }} Dialog */

const CATEGORIES = `query AdminCategories($first: Int, $after: String) {
  categories(includeInactive: true, first: $first, after: $after) {
    edges { node { ${CATEGORY_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
const DEPARTMENTS = `query AdminCategoryDepartments($first: Int, $after: String) {
  departments(first: $first, after: $after) {
    edges { node { id code nameTr nameEn active } } pageInfo { hasNextPage endCursor }
  }
}`;
const SET_ACTIVE = `mutation SetCategoryActive($input: UpdateCategoryInput!) {
  updateCategory(input: $input) { category { id active } userErrors { field code message } }
}`;

export class CategoriesAdmin extends AdminList {
  static properties = {
    categories: { state: true },
    departments: { state: true },
    search: { state: true },
  };

  constructor() {
    super();
    /** @type {Category[] | null} */
    this.categories = null;
    /** @type {DepartmentRef[]} */
    this.departments = [];
    this.search = "";
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
  }

  async fetch() {
    const [categories, departments] = await Promise.all([allNodes(CATEGORIES), allNodes(DEPARTMENTS)]);
    this.categories = categories;
    this.departments = departments;
  }

  /** @param {CustomEvent<Category>} event */
  saved(event) {
    const key = this.modal.value?.kind === "create" ? "admin.categories.created" : "admin.categories.saved";
    this.modal.close();
    announce(t(key, { name: localName(event.detail) }));
    this.load();
  }

  /** @param {Category} category */
  async setActive(category) {
    return (await mutate(SET_ACTIVE, { input: { id: category.id, active: !category.active } })).userErrors;
  }

  /** @param {Category} category */
  toggled(category) {
    this.modal.close();
    announce(t(category.active ? "admin.categories.deactivated" : "admin.categories.activated", { name: localName(category) }));
    this.load();
  }

  /** @param {Category[]} categories */
  visible(categories) {
    const wanted = fold(this.search.trim());
    const shown = wanted
      ? categories.filter((c) => [c.code, c.nameTr, c.nameEn, c.department ? localName(c.department) : "", c.externalInstitution ?? ""]
        .some((text) => fold(text).includes(wanted)))
      : categories;
    return [...shown].sort((a, b) => localName(a).localeCompare(localName(b), language()));
  }

  render() {
    const all = this.categories ?? [];
    const shown = this.visible(all);
    return html`<section class="admin-section" aria-labelledby="categories-heading">
      <div class="admin-head">
        <div>
          <h2 id="categories-heading">${t("admin.categories.title")}</h2>
          <p class="muted">${t("admin.categories.intro")}</p>
        </div>
        <button type="button" class="button" @click=${() => this.modal.open({ kind: "create" })}>${t("admin.categories.new")}</button>
      </div>
      ${this.loadState(this.categories !== null)}
      ${this.categories ? html`
        <div class="admin-tools">
          <div class="field">
            <label for="categories-search">${t("admin.categories.search")}</label>
            <input id="categories-search" type="search" .value=${this.search} autocomplete="off"
              @input=${(/** @type {InputEvent} */ e) => (this.search = /** @type {HTMLInputElement} */ (e.target).value)}>
          </div>
          <p class="muted" role="status">${t("admin.categories.count", { shown: shown.length, total: all.length })}</p>
        </div>
        ${this.table(shown)}` : ""}
      ${this.dialog()}
    </section>`;
  }

  /** @param {Category[]} categories */
  table(categories) {
    return adminTable({ caption: t("admin.categories.title"), className: "categories-table", headings: [
      { label: t("admin.categories.names") },
      { label: t("admin.categories.field.departmentId") },
      { label: t("admin.categories.field.defaultPriority") },
      { label: t("admin.categories.sla"), numeric: true },
      { label: t("admin.categories.field.remit") },
      { label: t("admin.state") },
    ] }, categories.map((c) => this.row(c)));
  }

  /** @param {Category} c */
  row(c) {
    const name = localName(c);
    return html`<tr class=${c.active ? "" : "inactive"}>
      <td class="names">
        <span class="name-tr" lang="tr">${c.nameTr}</span>
        <span class="muted" lang="en">${c.nameEn}</span>
        <code>${c.code}</code>
      </td>
      <td>${c.department ? localName(c.department) : html`<span class="muted">${t("admin.categories.noDepartmentShort")}</span>`}</td>
      <td>${t(`priority.${c.defaultPriority}`)}</td>
      <td class="num nowrap">${c.slaHours == null ? html`<span class="muted">${t("common.none")}</span>` : t("admin.categories.hours", { hours: c.slaHours })}</td>
      <td>${c.remit === "EXTERNAL"
        ? html`${t("admin.categories.remit.EXTERNAL")}<br><span class="muted">${c.externalInstitution}</span>`
        : t("admin.categories.remit.MUNICIPAL")}</td>
      <td>${activeBadge(c.active)}</td>
      <td><div class="row-actions">
        <button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "edit", category: c })}>
          ${t("admin.edit")}<span class="visually-hidden">: ${name}</span>
        </button>
        <button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "toggle", category: c })}>
          ${t(c.active ? "admin.deactivate" : "admin.activate")}<span class="visually-hidden">: ${name}</span>
        </button>
      </div></td>
    </tr>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    if (dialog.kind !== "toggle") {
      const category = dialog.kind === "edit" ? dialog.category : null;
      const title = category ? t("admin.categories.editTitle", { name: localName(category) }) : t("admin.categories.new");
      return this.modal.render("category-dialog-title", title, html`<cz-category-form
        .category=${category} .departments=${this.departments} .modal=${this.modal} @saved=${this.saved}></cz-category-form>`);
    }
    const c = dialog.category;
    const name = localName(c);
    const title = t(c.active ? "admin.categories.deactivateTitle" : "admin.categories.activateTitle", { name });
    return this.modal.render("category-dialog-title", title, html`<cz-confirm-action
      .message=${t(c.active ? "admin.categories.deactivateBody" : "admin.categories.activateBody", { name })}
      .confirmLabel=${t(c.active ? "admin.deactivate" : "admin.activate")} ?danger=${c.active}
      .action=${() => this.setActive(c)} .modal=${this.modal} .area=${"admin.error"}
      @done=${() => this.toggled(c)}></cz-confirm-action>`);
  }
}

customElements.define("cz-categories-admin", CategoriesAdmin);
