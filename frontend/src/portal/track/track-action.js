// The base of the tracking page's forms: send, then either hand the request as it now is to the
// page (a `tracked` event) or show what went wrong in an error summary that takes focus.
import { ConsoleElement } from "../../kit/element.js";
import { focusSummary, fromFailure, fromUserErrors } from "../../kit/form-errors.js";
import { announce } from "../../kit/announce.js";
import { has, t } from "../../kit/i18n.js";

/** @typedef {import("../../kit/form-errors.js").FormError} FormError */

export class TrackAction extends ConsoleElement {
  static properties = { keys: { attribute: false }, busy: { state: true }, errors: { state: true } };

  constructor() {
    super();
    /** @type {import("./track-query.js").Keys} */
    this.keys = { reference: "", secret: "" };
    this.busy = false;
    /** @type {FormError[]} */
    this.errors = [];
  }

  /**
   * @param {() => Promise<import("./track-query.js").Payload>} action
   * @param {string} done announced on success
   * @returns {Promise<boolean>} whether it succeeded
   */
  async run(action, done) {
    if (this.busy) return false;
    this.busy = true;
    try {
      const payload = await action();
      if (payload.retryAfter) this.errors = [{ field: null, message: t("portal.error.wait", { seconds: payload.retryAfter }) }];
      else this.errors = fromUserErrors(payload.userErrors).map((e, i) => {
        const { code, field } = payload.userErrors[i];
        // A file's errors name its index (["input", "attachments", "2"]): they are the file input's.
        const about = field?.includes("attachments") ? "files" : e.field;
        return { field: about, message: has(`portal.error.${code}`) ? t(`portal.error.${code}`) : e.message };
      });
      if (!this.errors.length && payload.request) {
        this.dispatchEvent(new CustomEvent("tracked", { detail: payload.request, bubbles: true }));
        announce(done);
        return true;
      }
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
    }
    await focusSummary(this);
    return false;
  }
}
