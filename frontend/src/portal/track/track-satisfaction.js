// "Are you satisfied with the result?" once the request is resolved: a score of 1 to 5 and a
// comment; afterwards, the answer the citizen gave.
import { html, nothing } from "lit";
import { describedBy, errorSummary, fieldError } from "../../kit/form-errors.js";
import { formatDateTime, t } from "../../kit/i18n.js";
import { answerSatisfaction } from "./track-query.js";
import { TrackAction } from "./track-action.js";

const SCORES = [5, 4, 3, 2, 1];

export class TrackSatisfaction extends TrackAction {
  static properties = { ...TrackAction.properties, tracked: { attribute: false } };

  constructor() {
    super();
    /** @type {import("./track-query.js").Tracked | null} */
    this.tracked = null;
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (event.target));
    const score = Number(form.get("score"));
    if (!score) {
      this.errors = [{ field: "score", message: t("portal.satisfaction.required") }];
      await this.updateComplete;
      /** @type {HTMLElement | null} */ (this.querySelector(".error-summary"))?.focus();
      return;
    }
    const comment = String(form.get("comment") ?? "").trim();
    await this.run(() => answerSatisfaction(this.keys, score, comment), t("portal.satisfaction.thanks"));
  }

  render() {
    const answer = this.tracked?.satisfaction;
    if (answer && !this.tracked?.canAnswerSatisfaction) {
      return html`<section class="panel" aria-labelledby="satisfaction-title" data-testid="satisfaction-answer">
        <h2 id="satisfaction-title">${t("portal.satisfaction.yourAnswer")}</h2>
        <p>${t("portal.satisfaction.scored", { score: answer.score, label: t(`portal.satisfaction.score.${answer.score}`) })}</p>
        ${answer.comment ? html`<p class="pre">${answer.comment}</p>` : nothing}
        <p class="hint">${formatDateTime(answer.answeredAt)}</p>
      </section>`;
    }
    return html`<section class="panel" aria-labelledby="satisfaction-title">
      ${errorSummary(this.errors, "satisfaction")}
      <form novalidate @submit=${this.submit}>
        <fieldset class="field" aria-describedby=${describedBy(this.errors, "score", "satisfaction-score")}>
          <legend><h2 id="satisfaction-title">${t("portal.satisfaction.title")}</h2></legend>
          ${fieldError(this.errors, "score", "satisfaction-score")}
          <div class="radios">
            ${SCORES.map((score, i) => html`<div class="radio">
              <input type="radio" name="score" value=${score} id=${i === 0 ? "satisfaction-score" : `satisfaction-score-${score}`}>
              <label for=${i === 0 ? "satisfaction-score" : `satisfaction-score-${score}`}>${score} — ${t(`portal.satisfaction.score.${score}`)}</label>
            </div>`)}
          </div>
        </fieldset>
        <div class="field">
          <label for="satisfaction-comment">${t("portal.satisfaction.comment")} <span class="optional">${t("portal.optional")}</span></label>
          ${fieldError(this.errors, "comment", "satisfaction-comment")}
          <textarea id="satisfaction-comment" name="comment" rows="3" maxlength="2000"></textarea>
        </div>
        <button type="submit" class="button" ?disabled=${this.busy}>${t("portal.satisfaction.send")}</button>
      </form>
    </section>`;
  }
}

customElements.define("cz-track-satisfaction", TrackSatisfaction);
