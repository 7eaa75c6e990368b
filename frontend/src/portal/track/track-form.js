// The reference and tracking code, typed in when the citizen has them on paper or in a message
// but not the link. They go into the fragment, like the link's, never into a URL a server sees.
import { html } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, invalid } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { go, trackingFragment } from "../router.js";

export class TrackForm extends ConsoleElement {
  static properties = { errors: { state: true } };

  constructor() {
    super();
    /** @type {import("../../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (event.target));
    const reference = String(form.get("reference") ?? "").trim().toUpperCase();
    const secret = String(form.get("secret") ?? "").trim();
    this.errors = [
      ...(reference ? [] : [{ field: "reference", message: t("portal.track.referenceRequired") }]),
      ...(secret ? [] : [{ field: "secret", message: t("portal.track.secretRequired") }]),
    ];
    if (this.errors.length) return focusSummary(this);
    go(`/track#r=${encodeURIComponent(reference)}&s=${encodeURIComponent(secret)}`);
  }

  render() {
    // What was tried last (a mistyped code): shown again, to correct rather than retype.
    const tried = trackingFragment();
    return html`${errorSummary(this.errors, "track")}
      <form novalidate @submit=${this.submit}>
        <p>${t("portal.track.formIntro")}</p>
        <div class="field">
          <label for="track-reference">${t("portal.track.reference")}</label>
          <p class="hint" id="track-reference-hint">${t("portal.track.referenceHint")}</p>
          ${fieldError(this.errors, "reference", "track-reference")}
          <input id="track-reference" name="reference" type="text" autocomplete="off" spellcheck="false" class="code"
            aria-invalid=${invalid(this.errors, "reference")} aria-describedby=${describedBy(this.errors, "reference", "track-reference", true)} .value=${tried.reference ?? ""}>
        </div>
        <div class="field">
          <label for="track-secret">${t("portal.track.secret")}</label>
          ${fieldError(this.errors, "secret", "track-secret")}
          <input id="track-secret" name="secret" type="text" autocomplete="off" spellcheck="false" class="code"
            aria-invalid=${invalid(this.errors, "secret")} aria-describedby=${describedBy(this.errors, "secret", "track-secret")} .value=${tried.secret ?? ""}>
        </div>
        <button type="submit" class="button">${t("portal.track.show")}</button>
      </form>`;
  }
}

customElements.define("cz-track-form", TrackForm);
