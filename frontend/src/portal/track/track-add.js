// "Add information": more words or photos for an open request; they reach the department and
// appear in the public timeline.
import { html } from "lit";
import { describedBy, errorSummary, fieldError, focusSummary, invalid } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { ACCEPT, MAX_PHOTOS, prepare } from "../request/photos.js";
import { addInformation } from "./track-query.js";
import { TrackAction } from "./track-action.js";

export class TrackAdd extends TrackAction {
  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.target);
    const message = String(new FormData(form).get("message") ?? "").trim();
    const chosen = [.../** @type {HTMLInputElement} */ (form.querySelector("#add-files")).files ?? []];
    if (!message && !chosen.length) {
      this.errors = [{ field: "message", message: t("portal.add.required") }];
      await focusSummary(this);
      return;
    }
    if (chosen.length > MAX_PHOTOS) {
      this.errors = [{ field: "files", message: t("portal.photos.tooMany", { max: MAX_PHOTOS }) }];
      await focusSummary(this);
      return;
    }
    const prepared = await Promise.all(chosen.map(prepare));
    const files = prepared.map((p, i) => ({ path: `input.attachments.${i}`, file: p.blob, name: p.entry.name }));
    if (await this.run(() => addInformation(this.keys, message, files), t("portal.add.done"))) form.reset();
  }

  render() {
    return html`<details class="panel action" ?open=${this.errors.length > 0}>
      <summary>${t("portal.add.title")}</summary>
      ${errorSummary(this.errors, "add")}
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label for="add-message">${t("portal.add.message")}</label>
          ${fieldError(this.errors, "message", "add-message")}
          <textarea id="add-message" name="message" rows="3" maxlength="5000"
            aria-invalid=${invalid(this.errors, "message")} aria-describedby=${describedBy(this.errors, "message", "add-message")}></textarea>
        </div>
        <div class="field">
          <label for="add-files">${t("portal.add.files")} <span class="optional">${t("portal.optional")}</span></label>
          <p class="hint" id="add-files-hint">${t("portal.add.filesHint", { max: MAX_PHOTOS })}</p>
          ${fieldError(this.errors, "files", "add-files")}
          <input id="add-files" type="file" accept=${ACCEPT} multiple aria-describedby=${describedBy(this.errors, "files", "add-files", true)}>
        </div>
        <button type="submit" class="button" ?disabled=${this.busy}>${this.busy ? t("portal.add.sending") : t("portal.add.send")}</button>
      </form>
    </details>`;
  }
}

customElements.define("cz-track-add", TrackAdd);
