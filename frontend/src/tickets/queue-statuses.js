// Open / closed / all as tabs (links: each scope has its URL), and the statuses of the scope as
// toggle buttons with their counts under the other filters: the status filter and the numbers
// in one row.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatNumber, t } from "../kit/i18n.js";
import { href } from "../kit/router.js";
import { queryFromState, statusesOf, withChange } from "./queue-query.js";

/** @typedef {import("./queue-query.js").QueueState} QueueState */

export class QueueStatuses extends ConsoleElement {
  static properties = {
    state: { attribute: false },
    counts: { attribute: false },
  };

  constructor() {
    super();
    /** @type {QueueState | null} */
    this.state = null;
    /** @type {Map<string, number> | null} null while unknown */
    this.counts = null;
  }

  /** @param {string} status */
  toggle(status) {
    const statuses = this.state?.statuses ?? [];
    const next = statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status];
    this.dispatchEvent(new CustomEvent("queue-change", { detail: { statuses: next }, bubbles: true }));
  }

  render() {
    const s = this.state;
    if (!s) return "";
    const scopes = /** @type {const} */ (["open", "closed", "all"]);
    return html`<div class="queue-bar"><nav class="queue-scopes" aria-label=${t("queue.scope.label")}>
        <ul>
          ${scopes.map((scope) => html`<li><a href=${href("/", queryFromState(withChange(s, { scope })))}
              aria-current=${s.scope === scope ? "page" : "false"}>${t(`queue.scope.${scope}`)}</a></li>`)}
        </ul>
      </nav>
      <div class="queue-statuses" role="group" aria-label=${t("queue.filter.status")}>
        ${statusesOf(s.scope).map((status) => {
          const count = this.counts?.get(status) ?? 0;
          return html`<button type="button" class="queue-status" data-status=${status}
              aria-pressed=${s.statuses.includes(status) ? "true" : "false"} @click=${() => this.toggle(status)}>
            <span class="queue-status-name">${t(`status.${status}`)}</span>
            <span class="queue-status-count">${this.counts ? formatNumber(count) : "…"}</span>
          </button>`;
        })}
      </div></div>`;
  }
}

customElements.define("cz-queue-statuses", QueueStatuses);
