// The base of each question page: its errors, the GOV.UK error summary that takes focus, and
// "continue", which moves on only when the page's answers are valid.
import { html } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import { errorSummary, focusSummary } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { go } from "../router.js";
import { backPath, nextPath } from "./steps.js";

/** @typedef {import("../../kit/form-errors.js").FormError} FormError */

export class QuestionPage extends ConsoleElement {
  static properties = { errors: { state: true } };

  /** @param {import("./steps.js").Step} step the question this page asks */
  constructor(step) {
    super();
    /** @type {FormError[]} */
    this.errors = [];
    this.step = step;
  }

  /** This page's answers' problems; none lets the citizen continue. @returns {FormError[]} */
  validate() {
    return [];
  }

  /** @param {SubmitEvent} event */
  async continue(event) {
    event.preventDefault();
    this.errors = this.validate();
    if (this.errors.length) {
      await focusSummary(this);
      return;
    }
    go(nextPath(this.step));
  }

  /** The page around a question: back link, error summary, the form and its continue button. */
  frame(/** @type {unknown} */ body, continueLabel = t("portal.continue")) {
    return html`<a class="back-link" href=${backPath(this.step)}>${t("portal.back")}</a>
      ${errorSummary(this.errors, "q")}
      <form novalidate @submit=${this.continue}>
        ${body}
        <button type="submit" class="button">${continueLabel}</button>
      </form>`;
  }
}
