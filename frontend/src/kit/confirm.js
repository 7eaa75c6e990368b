// The body of a confirmation dialog: the question, then the action. The dialog stays open while
// the action runs (its button disabled, Escape ignored) so a refusal is read where it was asked.
import { html } from "lit";
import { ConsoleElement } from "./element.js";
import { errorSummary, focusSummary, fromFailure, fromUserErrors } from "./form-errors.js";
import { t } from "./i18n.js";

/** @typedef {import("./api.js").UserError} UserError */

export class ConfirmAction extends ConsoleElement {
  static properties = {
    message: {},
    confirmLabel: {},
    danger: { type: Boolean },
    busy: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    this.message = "";
    this.confirmLabel = "";
    this.danger = false;
    /** @type {() => Promise<UserError[]>} resolves to the payload's userErrors */
    this.action = async () => [];
    /** @type {import("./modal.js").Modal<any> | null} */
    this.modal = null;
    /** Wording of errors about one field (see fromUserErrors). */
    this.area = "";
    this.busy = false;
    /** @type {import("./form-errors.js").FormError[]} */
    this.errors = [];
  }

  async confirm() {
    if (this.busy) return;
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const userErrors = await this.action();
      this.errors = fromUserErrors(userErrors, this.area).map((e) => ({ ...e, field: null }));
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
    else this.dispatchEvent(new CustomEvent("done", { bubbles: true }));
  }

  render() {
    return html`${errorSummary(this.errors, "confirm")}
      <p>${this.message}</p>
      <div class="actions">
        <button type="button" class=${this.danger ? "button danger" : "button"} ?disabled=${this.busy} @click=${this.confirm}>
          ${this.confirmLabel}
        </button>
        <button type="button" class="button secondary" autofocus ?disabled=${this.busy} @click=${() => this.modal?.close()}>
          ${t("common.cancel")}
        </button>
      </div>`;
  }
}

customElements.define("cz-confirm-action", ConfirmAction);
