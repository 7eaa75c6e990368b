// The start page: what the service is for, what the citizen will be asked, and a start button;
// a draft left half-way is offered to continue (or to throw away).
import { html, nothing } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { discard, draft, started } from "./request/draft.js";
import { pathOf } from "./request/steps.js";

/** The first question still unanswered, or the check page. */
function resumePath() {
  const answers = draft();
  if (!answers.categoryId) return pathOf("category");
  if (!answers.description.trim()) return pathOf("description");
  return pathOf("check");
}

export class StartPage extends ConsoleElement {
  async forget() {
    await discard();
    this.requestUpdate();
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector("h1"))?.focus();
  }

  render() {
    return html`<h1 tabindex="-1">${t("portal.start.title")}</h1>
      <p class="lead">${t("portal.start.lead")}</p>
      ${started() ? html`<div class="panel draft-panel" data-testid="draft">
        <h2>${t("portal.start.draftTitle")}</h2>
        <p>${t("portal.start.draftText")}</p>
        <p class="actions">
          <a class="button" href=${resumePath()}>${t("portal.start.resume")}</a>
          <button type="button" class="button secondary" @click=${this.forget}>${t("portal.start.discard")}</button>
        </p>
      </div>` : nothing}
      <h2>${t("portal.start.askTitle")}</h2>
      <ul>
        <li>${t("portal.start.ask1")}</li>
        <li>${t("portal.start.ask2")}</li>
        <li>${t("portal.start.ask3")}</li>
        <li>${t("portal.start.ask4")}</li>
      </ul>
      <p class="hint">${t("portal.start.emergency")}</p>
      ${started() ? nothing : html`<p><a class="button start" href=${pathOf("category")}>${t("portal.start.begin")} <span aria-hidden="true">→</span></a></p>`}
      <h2>${t("portal.start.trackTitle")}</h2>
      <p>${t("portal.start.trackText")} <a href="/track">${t("portal.start.trackLink")}</a></p>`;
  }
}

customElements.define("cz-start-page", StartPage);
