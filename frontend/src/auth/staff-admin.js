// Staff accounts: create, change role or directorate, deactivate and reactivate, and reset a
// forgotten password to a temporary one that is shown once and never stored.
import { html } from "lit";
import { allNodes } from "../kit/all-nodes.js";
import { announce } from "../kit/announce.js";
import { mutate } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { fold, language, t } from "../kit/i18n.js";
import { Modal, closeButton } from "../kit/modal.js";
import "../kit/shown-once.js";
import { currentUser } from "./session.js";
import { STAFF_FIELDS } from "./staff-admin-form.js";

/** @typedef {import("./staff-admin-form.js").Staff} Staff */
/** @typedef {import("./staff-admin-form.js").DepartmentRef} DepartmentRef */
/**
 * @typedef {{ kind: "create" } | { kind: "edit" | "toggle" | "reset", user: Staff }
 *   | { kind: "password", user: Staff, password: string }} Dialog
 */

const STAFF = `query AdminStaff($first: Int, $after: String) {
  staffUsers(first: $first, after: $after) { edges { node { ${STAFF_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const DEPARTMENTS = `query AdminStaffDepartments($first: Int, $after: String) {
  departments(first: $first, after: $after) { edges { node { id code nameTr nameEn } } pageInfo { hasNextPage endCursor } }
}`;
const SET_ACTIVE = `mutation SetStaffActive($input: UpdateStaffUserInput!) {
  updateStaffUser(input: $input) { user { id active } userErrors { field code message } }
}`;
const RESET = `mutation ResetStaffPassword($input: ResetStaffPasswordInput!) {
  resetStaffPassword(input: $input) { user { id } temporaryPassword userErrors { field code message } }
}`;

/** @param {{ nameTr: string, nameEn: string }} item */
const nameOf = (item) => (language() === "en" ? item.nameEn : item.nameTr);

export class StaffAdmin extends AdminList {
  static properties = { staff: { state: true }, departments: { state: true }, search: { state: true } };

  constructor() {
    super();
    /** @type {Staff[] | null} */
    this.staff = null;
    /** @type {DepartmentRef[]} */
    this.departments = [];
    this.search = "";
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
  }

  async fetch() {
    const [staff, departments] = await Promise.all([allNodes(STAFF), allNodes(DEPARTMENTS)]);
    this.staff = staff;
    this.departments = departments;
  }

  /** @param {CustomEvent<Staff>} event */
  saved(event) {
    const key = this.modal.value?.kind === "create" ? "admin.staff.created" : "admin.staff.saved";
    this.modal.close();
    announce(t(key, { name: event.detail.name }));
    this.load();
  }

  /** @param {Staff} user */
  async setActive(user) {
    return (await mutate(SET_ACTIVE, { input: { id: user.id, active: !user.active } })).userErrors;
  }

  /** @param {Staff} user */
  toggled(user) {
    this.modal.close();
    announce(t(user.active ? "admin.staff.deactivated" : "admin.staff.activated", { name: user.name }));
    this.load();
  }

  /** @param {Staff} user */
  async reset(user) {
    const payload = await mutate(RESET, { input: { id: user.id } });
    if (!payload.userErrors.length) {
      // Kept only in this dialog: it goes when the dialog closes.
      this.modal.value = { kind: "password", user, password: payload.temporaryPassword };
    }
    return payload.userErrors;
  }

  async passwordShown() {
    await this.modal.focus("#temporary-password");
    announce(t("admin.staff.passwordReset", { name: this.modal.value && "user" in this.modal.value ? this.modal.value.user.name : "" }));
  }

  /** @param {Staff[]} staff */
  visible(staff) {
    const wanted = fold(this.search.trim());
    const shown = wanted
      ? staff.filter((u) => [u.name, u.email ?? "", t(`role.${u.role}`), u.department ? nameOf(u.department) : ""]
        .some((text) => fold(text).includes(wanted)))
      : staff;
    return [...shown].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, language()));
  }

  render() {
    const all = this.staff ?? [];
    const shown = this.visible(all);
    return html`<section class="admin-section" aria-labelledby="staff-heading">
      <div class="admin-head">
        <div>
          <h2 id="staff-heading">${t("admin.staff.title")}</h2>
          <p class="muted">${t("admin.staff.intro")}</p>
        </div>
        <button type="button" class="button" @click=${() => this.modal.open({ kind: "create" })}>${t("admin.staff.new")}</button>
      </div>
      ${this.loadState(this.staff !== null)}
      ${this.staff ? html`
        <div class="admin-tools">
          <div class="field">
            <label for="staff-search">${t("admin.staff.search")}</label>
            <input id="staff-search" type="search" .value=${this.search} autocomplete="off"
              @input=${(/** @type {InputEvent} */ e) => (this.search = /** @type {HTMLInputElement} */ (e.target).value)}>
          </div>
          <p class="muted" role="status">${t("admin.staff.count", { shown: shown.length, total: all.length })}</p>
        </div>
        ${this.table(shown)}` : ""}
      ${this.dialog()}
    </section>`;
  }

  /** @param {Staff[]} staff */
  table(staff) {
    return adminTable({ caption: t("admin.staff.title"), headings: [
      { label: t("admin.staff.field.name") },
      { label: t("admin.staff.field.email") },
      { label: t("admin.staff.field.role") },
      { label: t("admin.staff.field.departmentCode") },
      { label: t("admin.state") },
    ] }, staff.map((u) => this.row(u)));
  }

  /** @param {Staff} u */
  row(u) {
    const self = u.id === currentUser()?.id;
    const open = (/** @type {"edit" | "toggle" | "reset"} */ kind) => () => this.modal.open({ kind, user: u });
    const named = (/** @type {string} */ label) => html`${t(label)}<span class="visually-hidden">: ${u.name}</span>`;
    return html`<tr class=${u.active ? "" : "inactive"}>
      <td>${u.name}${self ? html` <span class="muted">(${t("admin.staff.you")})</span>` : ""}</td>
      <td class="email">${emailParts(u.email)}</td>
      <td>${t(`role.${u.role}`)}</td>
      <td>${u.department ? nameOf(u.department) : html`<span class="muted">${t("common.none")}</span>`}</td>
      <td>${u.active ? html`<span class="badge ok">${t("admin.active")}</span>` : html`<span class="badge status">${t("admin.inactive")}</span>`}</td>
      <td><div class="row-actions">
        <button type="button" class="button secondary small" @click=${open("edit")}>${named("admin.staff.change")}</button>
        <button type="button" class="button secondary small" @click=${open("reset")}>${named("admin.staff.reset")}</button>
        ${self ? "" : html`<button type="button" class="button secondary small" @click=${open("toggle")}>
          ${named(u.active ? "admin.deactivate" : "admin.activate")}</button>`}
      </div></td>
    </tr>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    const id = "staff-dialog-title";
    switch (dialog.kind) {
      case "create":
      case "edit": {
        const user = dialog.kind === "edit" ? dialog.user : null;
        const title = user ? t("admin.staff.changeTitle", { name: user.name }) : t("admin.staff.new");
        return this.modal.render(id, title, html`<cz-staff-form .user=${user} .departments=${this.departments}
          .modal=${this.modal} @saved=${this.saved}></cz-staff-form>`);
      }
      case "toggle": {
        const u = dialog.user;
        return this.modal.render(id, t(u.active ? "admin.staff.deactivateTitle" : "admin.staff.activateTitle", { name: u.name }), html`
          <cz-confirm-action .message=${t(u.active ? "admin.staff.deactivateBody" : "admin.staff.activateBody", { name: u.name })}
            .confirmLabel=${t(u.active ? "admin.deactivate" : "admin.activate")} ?danger=${u.active}
            .action=${() => this.setActive(u)} .modal=${this.modal} @done=${() => this.toggled(u)}></cz-confirm-action>`);
      }
      case "reset":
        return this.modal.render(id, t("admin.staff.resetTitle", { name: dialog.user.name }), html`
          <cz-confirm-action .message=${t("admin.staff.resetBody", { name: dialog.user.name })}
            .confirmLabel=${t("admin.staff.resetConfirm")} .action=${() => this.reset(dialog.user)} .modal=${this.modal}
            @done=${this.passwordShown}></cz-confirm-action>`);
      case "password":
        return this.modal.render(id, t("admin.staff.resetTitle", { name: dialog.user.name }), html`
          <cz-shown-once .value=${dialog.password} .label=${t("admin.staff.temporaryPassword")}
            .note=${t("admin.staff.shownOnce")} .fieldId=${"temporary-password"}></cz-shown-once>
          <div class="actions">${closeButton(this.modal)}</div>`);
    }
  }
}

/** An address may break after its "@" (a narrow table), never inside a name. */
function emailParts(/** @type {string | null} */ email) {
  if (!email) return "";
  const at = email.indexOf("@");
  return at < 0 ? email : html`${email.slice(0, at)}<wbr>${email.slice(at)}`;
}

customElements.define("cz-staff-admin", StaffAdmin);
