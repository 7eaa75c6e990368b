// The dashboard for managers, administrators and viewers: the live counters, and the departments
// ranked by what they resolved, refreshed (at most every few seconds) whenever the counters move.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, t } from "../kit/i18n.js";
import { setPageTitle } from "../kit/title.js";
import { counters } from "./dashboard-counters.js";
import { rankingTable } from "./department-ranking.js";
import { departmentRanking, watchStats } from "./stats-data.js";

/**
 * @typedef {import("./stats-data.js").LiveStats} LiveStats
 * @typedef {import("./stats-data.js").DepartmentStat} DepartmentStat
 */

/** Counters may move every second on a busy day; the ranking need not follow each step. */
const RANKING_DEBOUNCE_MS = 1500;

export class DashboardPage extends ConsoleElement {
  static properties = {
    stats: { state: true },
    liveFailed: { state: true },
    ranking: { state: true },
    rankingFailed: { state: true },
    rankingAt: { state: true },
  };

  constructor() {
    super();
    /** @type {LiveStats | null} */
    this.stats = null;
    this.liveFailed = false;
    /** @type {DepartmentStat[] | null} */
    this.ranking = null;
    this.rankingFailed = false;
    /** @type {string | null} */
    this.rankingAt = null;
    /** @type {(() => void) | null} */
    this.stop = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
  }

  connectedCallback() {
    super.connectedCallback();
    this.refreshRanking();
    this.stop = watchStats(
      (stats) => {
        const moved = this.stats !== null && changed(this.stats, stats);
        this.stats = stats;
        this.liveFailed = false;
        if (moved) this.scheduleRanking();
      },
      () => (this.liveFailed = true),
    );
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
    this.stop = null;
    clearTimeout(this.timer);
  }

  scheduleRanking() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refreshRanking(), RANKING_DEBOUNCE_MS);
  }

  async refreshRanking() {
    try {
      this.ranking = await departmentRanking();
      this.rankingAt = new Date().toISOString();
      this.rankingFailed = false;
    } catch {
      this.rankingFailed = true;
    }
  }

  render() {
    setPageTitle(t("dashboard.title"));
    return html`<section class="page dashboard-page">
      <div class="dashboard-head">
        <h1>${t("dashboard.title")}</h1>
        <p class="muted dashboard-as-of" data-testid="as-of">
          ${this.stats ? t("dashboard.asOf", { time: formatDateTime(this.stats.at) }) : t("dashboard.waiting")}
        </p>
      </div>
      ${this.liveFailed ? html`<p class="notice warning" role="alert">${t("dashboard.liveFailed")}</p>` : ""}
      <h2 class="visually-hidden">${t("dashboard.counters")}</h2>
      ${counters(this.stats)}
      <section class="dashboard-ranking-section" aria-labelledby="dashboard-ranking-title">
        <div class="dashboard-head">
          <h2 id="dashboard-ranking-title">${t("dashboard.ranking.title")}</h2>
          ${this.rankingAt ? html`<p class="muted">${t("dashboard.asOf", { time: formatDateTime(this.rankingAt) })}</p>` : ""}
        </div>
        <p class="muted">${t("dashboard.ranking.intro")}</p>
        ${this.rankingBody()}
      </section>
    </section>`;
  }

  rankingBody() {
    if (this.rankingFailed && !this.ranking) {
      return html`<div class="notice warning" role="alert">
        <p>${t("dashboard.ranking.failed")}</p>
        <button type="button" class="button secondary small" @click=${this.refreshRanking}>${t("common.retry")}</button>
      </div>`;
    }
    if (!this.ranking) return html`<p role="status">${t("common.loading")}</p>`;
    return rankingTable(this.ranking);
  }
}

/** @param {LiveStats} a @param {LiveStats} b */
function changed(a, b) {
  return a.received !== b.received || a.resolved !== b.resolved || a.pending !== b.pending || a.overdue !== b.overdue;
}

customElements.define("cz-dashboard", DashboardPage);
