// "Tell us what is wrong": one text box, the page's only question.
import { html } from "lit";
import { describedBy, fieldError, invalid } from "../../kit/form-errors.js";
import { formatNumber, t } from "../../kit/i18n.js";
import { draft, update } from "./draft.js";
import { QuestionPage } from "./question.js";

/** As the server allows (tickets.models.DESCRIPTION_MAX). */
export const DESCRIPTION_MAX = 5000;

export class DescriptionPage extends QuestionPage {
  constructor() {
    super("description");
  }

  validate() {
    const text = draft().description.trim();
    if (!text) return [{ field: "description", message: t("portal.description.required") }];
    if (text.length > DESCRIPTION_MAX) return [{ field: "description", message: t("portal.description.tooLong", { max: formatNumber(DESCRIPTION_MAX) }) }];
    return [];
  }

  /** @param {InputEvent} event */
  typed(event) {
    update({ description: /** @type {HTMLTextAreaElement} */ (event.target).value });
    this.requestUpdate();
  }

  render() {
    const text = draft().description;
    return this.frame(html`<div class="field">
      <h1 tabindex="-1"><label for="q-description">${t("portal.description.title")}</label></h1>
      <p class="hint" id="q-description-hint">${t("portal.description.hint")}</p>
      ${fieldError(this.errors, "description", "q-description")}
      <textarea id="q-description" name="description" rows="7" maxlength=${DESCRIPTION_MAX + 500}
        aria-describedby=${describedBy(this.errors, "description", "q-description", true)} aria-invalid=${invalid(this.errors, "description")}
        .value=${text} @input=${this.typed}></textarea>
      <p class="count">${t("portal.description.count", { left: formatNumber(Math.max(0, DESCRIPTION_MAX - text.length)) })}</p>
    </div>`);
  }
}

customElements.define("cz-description-page", DescriptionPage);
