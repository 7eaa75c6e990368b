// The four counters at the top of the dashboard. Each is a word and a number; the overdue one
// is marked by a word too, not by its colour alone.
import { html } from "lit";
import { formatNumber, t } from "../kit/i18n.js";

/** @typedef {import("./stats-data.js").LiveStats} LiveStats */

const COUNTERS = /** @type {const} */ (["received", "resolved", "pending", "overdue"]);

/** @param {LiveStats | null} stats */
export function counters(stats) {
  const value = (/** @type {number | undefined} */ n) => (n === undefined ? t("common.none") : formatNumber(n));
  return html`<dl class="dashboard-counters">
    ${COUNTERS.map((name) => html`<div class="card dashboard-counter dashboard-counter-${name} ${name === "overdue" && stats?.overdue ? "alert" : ""}">
        <dt>${t(`dashboard.counter.${name}`)}</dt>
        <dd class="dashboard-counter-value" data-testid="counter-${name}">${value(stats?.[name])}</dd>
        <dd class="dashboard-counter-note">${note(name, stats)}</dd>
      </div>`)}
  </dl>`;
}

/** @param {typeof COUNTERS[number]} name @param {LiveStats | null} stats */
function note(name, stats) {
  if (!stats) return t("dashboard.waiting");
  if (name === "received") return t("dashboard.counter.receivedToday", { count: formatNumber(stats.receivedToday) });
  if (name === "overdue") return stats.overdue ? t("dashboard.counter.overdueNote") : t("dashboard.counter.overdueNone");
  return t(`dashboard.counter.${name}Note`);
}
