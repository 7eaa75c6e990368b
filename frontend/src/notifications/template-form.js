// One message's subject and text. The placeholders this kind of message may use are listed
// beside the text; the server refuses any other name, and a text without the reference and the
// tracking link, and says so on the field.
import { html } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { t } from "../kit/i18n.js";

/**
 * @typedef {{ kind: string, language: "TR" | "EN", subject: string, body: string, custom: boolean,
 *   updatedAt: string | null, placeholders: string[] }} MessageTemplate
 * @typedef {import("../kit/form-errors.js").FormError} FormError
 */

export const TEMPLATE_FIELDS = "kind language subject body custom updatedAt placeholders";
const UPDATE = `mutation UpdateMessageTemplate($input: UpdateMessageTemplateInput!) {
  updateMessageTemplate(input: $input) { template { ${TEMPLATE_FIELDS} } userErrors { field code message } }
}`;
/** Every message carries these two: the citizen must be able to find their request. */
const REQUIRED = ["reference", "link"];
const ID = "template-form";

/** "Request received (Turkish)" */
export function templateName(/** @type {MessageTemplate} */ template) {
  return `${t(`notification.kind.${template.kind}`)} (${t(`templates.language.${template.language}`)})`;
}

/** The `{names}` a text uses. */
function namesIn(/** @type {string} */ text) {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

const braces = (/** @type {string[]} */ names) => names.map((n) => `{${n}}`).join(", ");

export class TemplateForm extends ConsoleElement {
  static properties = { template: { attribute: false }, busy: { state: true }, errors: { state: true } };

  constructor() {
    super();
    /** @type {MessageTemplate | null} */
    this.template = null;
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.busy = false;
    /** @type {FormError[]} */
    this.errors = [];
  }

  /**
   * The server's refusal, worded with what it found in this very text: which names it does not
   * know, which required ones are missing.
   * @param {import("../kit/api.js").UserError[]} userErrors
   * @param {{ subject: string, body: string }} values
   * @returns {FormError[]}
   */
  explain(userErrors, values) {
    const allowed = this.template?.placeholders ?? [];
    return fromUserErrors(userErrors, "templates.error").map((error, i) => {
      const code = userErrors[i].code;
      const field = error.field === "subject" || error.field === "body" ? error.field : null;
      const text = field ? values[field] : `${values.subject} ${values.body}`;
      const unknown = namesIn(text).filter((n) => !allowed.includes(n));
      const missing = REQUIRED.filter((n) => !namesIn(values.body).includes(n));
      if (code === "UNKNOWN_PLACEHOLDER" && unknown.length) {
        return { field, message: t("templates.error.unknown", { names: braces(unknown), allowed: braces(allowed) }) };
      }
      if (code === "REQUIRED" && field === "body" && missing.length) {
        return { field, message: t("templates.error.missing", { names: braces(missing) }) };
      }
      return error;
    });
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy || !this.template) return;
    const data = new FormData(/** @type {HTMLFormElement} */ (event.target));
    const values = { subject: String(data.get("subject") ?? "").trim(), body: String(data.get("body") ?? "").trim() };
    this.errors = /** @type {const} */ (["subject", "body"])
      .filter((name) => !values[name])
      .map((name) => ({ field: name, message: t(`templates.required.${name}`) }));
    if (this.errors.length) return focusSummary(this);
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const input = { kind: this.template.kind, language: this.template.language, ...values };
      const payload = await mutate(UPDATE, { input });
      this.errors = this.explain(payload.userErrors, values);
      if (!this.errors.length) this.dispatchEvent(new CustomEvent("saved", { bubbles: true, detail: payload.template }));
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
  }

  placeholders() {
    const names = this.template?.placeholders ?? [];
    return html`<div class="placeholders" id=${`${ID}-body-hint`}>
      <p>${t("templates.placeholders")}</p>
      <ul class="placeholder-list">${names.map((name) => html`<li>
          <code>{${name}}</code> ${t(`templates.placeholder.${name}`)}${REQUIRED.includes(name) ? html` <strong>(${t("templates.requiredMark")})</strong>` : ""}
        </li>`)}</ul>
    </div>`;
  }

  render() {
    const tpl = this.template;
    if (!tpl) return "";
    const lang = tpl.language.toLowerCase();
    return html`<form class="template-form" @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      <div class="field">
        <label for=${`${ID}-subject`}>${t("templates.field.subject")}</label>
        <span class="hint" id=${`${ID}-subject-hint`}>${t("templates.subjectHint")}</span>
        ${fieldError(this.errors, "subject", `${ID}-subject`)}
        <input id=${`${ID}-subject`} name="subject" type="text" maxlength="200" lang=${lang} .value=${tpl.subject} autocomplete="off"
          aria-invalid=${invalid(this.errors, "subject")} aria-describedby=${describedBy(this.errors, "subject", `${ID}-subject`, true)}>
      </div>
      <div class="field">
        <label for=${`${ID}-body`}>${t("templates.field.body")}</label>
        ${this.placeholders()}
        ${fieldError(this.errors, "body", `${ID}-body`)}
        <textarea id=${`${ID}-body`} name="body" rows="8" lang=${lang} .value=${tpl.body}
          aria-invalid=${invalid(this.errors, "body")} aria-describedby=${describedBy(this.errors, "body", `${ID}-body`, true)}></textarea>
      </div>
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>${t("common.save")}</button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-template-form", TemplateForm);
