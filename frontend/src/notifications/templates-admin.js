// The messages citizens receive, one per kind of change and language: the built-in wording
// until an administrator writes their own, and back to the built-in with one reset.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { mutate, request } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { formatDateTime, t } from "../kit/i18n.js";
import { Modal } from "../kit/modal.js";
import { TEMPLATE_FIELDS, templateName } from "./template-form.js";

/**
 * @typedef {import("./template-form.js").MessageTemplate} MessageTemplate
 * @typedef {{ kind: "edit" | "reset", template: MessageTemplate }} Dialog
 */

const TEMPLATES = `query MessageTemplates { messageTemplates { ${TEMPLATE_FIELDS} } }`;
const RESET = `mutation ResetMessageTemplate($input: ResetMessageTemplateInput!) {
  resetMessageTemplate(input: $input) { template { ${TEMPLATE_FIELDS} } userErrors { field code message } }
}`;
/** The order of the table: a request's life, then each language. */
const KINDS = ["RECEIVED", "ROUTED", "RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE", "REPLY", "REOPENED"];
const LANGUAGES = ["TR", "EN"];

/** @param {MessageTemplate} a @param {MessageTemplate} b */
function byKind(a, b) {
  return KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language);
}

export class TemplatesAdmin extends AdminList {
  static properties = { templates: { state: true } };

  constructor() {
    super();
    /** @type {MessageTemplate[] | null} */
    this.templates = null;
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
  }

  async fetch() {
    const data = await request(TEMPLATES);
    this.templates = [...data.messageTemplates].sort(byKind);
  }

  /** @param {CustomEvent<MessageTemplate>} event */
  saved(event) {
    this.modal.close();
    announce(t("templates.saved", { name: templateName(event.detail) }));
    this.load();
  }

  /** @param {MessageTemplate} template */
  async reset(template) {
    const payload = await mutate(RESET, { input: { kind: template.kind, language: template.language } });
    return payload.userErrors;
  }

  /** @param {MessageTemplate} template */
  wasReset(template) {
    this.modal.close();
    announce(t("templates.resetDone", { name: templateName(template) }));
    this.load();
  }

  render() {
    return html`<section class="admin-section" aria-labelledby="templates-heading">
      <div class="admin-head">
        <div>
          <h2 id="templates-heading">${t("admin.templates.title")}</h2>
          <p class="muted">${t("templates.intro")}</p>
        </div>
      </div>
      ${this.loadState(this.templates !== null)}
      ${this.templates ? this.table(this.templates) : ""}
      ${this.dialog()}
    </section>`;
  }

  /** @param {MessageTemplate[]} templates */
  table(templates) {
    return adminTable({ caption: t("templates.caption", { count: templates.length }), className: "templates-table", headings: [
      { label: t("templates.field.kind") },
      { label: t("templates.field.language") },
      { label: t("templates.field.subject") },
      { label: t("admin.state") },
    ] }, templates.map((tpl) => this.row(tpl)));
  }

  /** @param {MessageTemplate} tpl */
  row(tpl) {
    const name = templateName(tpl);
    return html`<tr data-template=${`${tpl.kind}-${tpl.language}`}>
      <td>${t(`notification.kind.${tpl.kind}`)}</td>
      <td>${t(`templates.language.${tpl.language}`)}</td>
      <td class="template-subject" lang=${tpl.language.toLowerCase()}>${tpl.subject}</td>
      <td>${tpl.custom
        ? html`<span class="badge fresh">${t("templates.custom")}</span>
            ${tpl.updatedAt ? html`<span class="muted template-updated">${formatDateTime(tpl.updatedAt)}</span>` : ""}`
        : html`<span class="badge status">${t("templates.builtIn")}</span>`}</td>
      <td><div class="row-actions">
        <button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "edit", template: tpl })}>
          ${t("admin.edit")}<span class="visually-hidden">: ${name}</span>
        </button>
        ${tpl.custom ? html`<button type="button" class="button secondary small" @click=${() => this.modal.open({ kind: "reset", template: tpl })}>
            ${t("templates.reset")}<span class="visually-hidden">: ${name}</span>
          </button>` : ""}
      </div></td>
    </tr>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    const tpl = dialog.template;
    const name = templateName(tpl);
    if (dialog.kind === "edit") {
      return this.modal.render("template-dialog-title", t("templates.editTitle", { name }), html`<cz-template-form
        .template=${tpl} .modal=${this.modal} @saved=${this.saved}></cz-template-form>`);
    }
    return this.modal.render("template-dialog-title", t("templates.resetTitle", { name }), html`<cz-confirm-action
      .message=${t("templates.resetBody")} .confirmLabel=${t("templates.reset")} ?danger=${true}
      .action=${() => this.reset(tpl)} .modal=${this.modal} .area=${"templates.error"}
      @done=${() => this.wasReset(tpl)}></cz-confirm-action>`);
  }
}

customElements.define("cz-templates-admin", TemplatesAdmin);
