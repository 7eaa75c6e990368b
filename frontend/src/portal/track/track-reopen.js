// "It is not fixed": the citizen reopens a closed request within 30 days of the result, saying
// what is still wrong. Shown only while the server says it may be reopened.
import { html } from "lit";
import { describedBy, errorSummary, fieldError, focusSummary, invalid } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { reopen } from "./track-query.js";
import { TrackAction } from "./track-action.js";

export class TrackReopen extends TrackAction {
  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const reason = String(new FormData(/** @type {HTMLFormElement} */ (event.target)).get("reason") ?? "").trim();
    if (!reason) {
      this.errors = [{ field: "reason", message: t("portal.reopen.required") }];
      await focusSummary(this);
      return;
    }
    await this.run(() => reopen(this.keys, reason), t("portal.reopen.done"));
  }

  render() {
    return html`<details class="panel action">
      <summary>${t("portal.reopen.title")}</summary>
      ${errorSummary(this.errors, "reopen")}
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label for="reopen-reason">${t("portal.reopen.reason")}</label>
          <p class="hint" id="reopen-reason-hint">${t("portal.reopen.hint")}</p>
          ${fieldError(this.errors, "reason", "reopen-reason")}
          <textarea id="reopen-reason" name="reason" rows="3" maxlength="2000"
            aria-invalid=${invalid(this.errors, "reason")} aria-describedby=${describedBy(this.errors, "reason", "reopen-reason", true)}></textarea>
        </div>
        <button type="submit" class="button" ?disabled=${this.busy}>${t("portal.reopen.send")}</button>
      </form>
    </details>`;
  }
}

customElements.define("cz-track-reopen", TrackReopen);
