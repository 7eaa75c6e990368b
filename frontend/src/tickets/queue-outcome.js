// What a bulk action did: how many tickets changed, and each one that did not, by reference and
// why. It takes focus when it appears, so a keyboard or screen-reader user hears it at once.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";

// Where focus goes once the notice is closed, the first that is there.
const FOCUS_NEXT = ["#queue-bulk-title", "cz-queue-table thead input:not([disabled])", "h1"];

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

  async dismiss() {
    this.outcome = null;
    // The page holds the outcome too: told, so that its next render (a live update, say) does
    // not hand the closed notice back.
    this.dispatchEvent(new CustomEvent("dismissed", { bubbles: true }));
    await this.updateComplete;
    // The notice had focus: it goes on to what comes next (the tickets still selected, else the
    // table), not to the top of the document.
    const page = this.closest(".queue") ?? document;
    const next = FOCUS_NEXT.map((selector) => page.querySelector(selector)).find((el) => el instanceof HTMLElement);
    /** @type {HTMLElement | undefined} */ (next)?.focus();
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
      <ul>${o.failed.map((f) => html`<li><span class="mono">${f.ticket.reference}</span>: ${f.message}${f.code
        ? html` <span class="muted queue-outcome-code">(${t("queue.bulk.code", { code: f.code })})</span>` : ""}</li>`)}</ul>
      <p>${close}</p>
    </div>`;
  }
}

customElements.define("cz-queue-outcome", QueueOutcome);
