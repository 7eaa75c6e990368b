// What a bulk action did: how many tickets changed, and each one that did not, by reference and
// why. It takes focus when it appears, so a keyboard or screen-reader user hears it at once.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";

export class QueueOutcome extends ConsoleElement {
  static properties = { outcome: { attribute: false } };

  constructor() {
    super();
    /** @type {import("./queue-bulk.js").BulkOutcome | null} */
    this.outcome = null;
  }

  /** @param {Map<string, unknown>} changed */
  updated(changed) {
    if (changed.has("outcome") && this.outcome) /** @type {HTMLElement | null} */ (this.querySelector(".queue-outcome"))?.focus();
  }

  dismiss() {
    this.outcome = null;
  }

  render() {
    const o = this.outcome;
    if (!o) return "";
    const close = html`<button type="button" class="link-button" @click=${this.dismiss}>${t("common.close")}</button>`;
    if (!o.failed.length) {
      return html`<div class="notice queue-outcome" tabindex="-1"><p>${t("queue.bulk.done", { count: o.succeeded.length })} ${close}</p></div>`;
    }
    return html`<div class="notice warning queue-outcome" tabindex="-1" role="alert">
      <p>${t("queue.bulk.partial", { done: o.succeeded.length, failed: o.failed.length })}</p>
      <ul>${o.failed.map((f) => html`<li><span class="mono">${f.ticket.reference}</span>: ${f.message}</li>`)}</ul>
      <p>${close}</p>
    </div>`;
  }
}

customElements.define("cz-queue-outcome", QueueOutcome);
