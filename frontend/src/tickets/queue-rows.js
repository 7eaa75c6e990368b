// The queue's rows and counts for the current filters, kept current: a first page, more pages
// on demand, and after live events a reload of what is on screen (debounced), so a ticket that
// starts or stops matching joins or leaves. A Lit reactive controller of the page.
import { RequestFailed } from "../kit/api.js";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { PAGE_MAX, PAGE_SIZE, REFRESH_MAX, loadCounts, loadTickets } from "./queue-api.js";
import { noteKnown } from "./queue-feed.js";

/**
 * @typedef {import("./queue-api.js").QueueRow} QueueRow
 * @typedef {import("lit").ReactiveController} ReactiveController
 */

// Events often come in bursts (a bulk action, a routing with assignment): one reload per burst.
const REFRESH_DELAY_MS = 250;

/** @implements {ReactiveController} */
export class QueueRows {
  /**
   * @param {import("lit").ReactiveControllerHost} host
   * @param {() => { filter: Record<string, unknown>, counts: Record<string, unknown>, order: Record<string, unknown> }} query
   */
  constructor(host, query) {
    this.host = host;
    this.query = query;
    /** @type {QueueRow[]} */
    this.rows = [];
    this.total = 0;
    this.hasMore = false;
    /** @type {string | null} */
    this.endCursor = null;
    /** @type {Map<string, number> | null} null while unknown */
    this.counts = null;
    this.loading = true;
    this.failed = false;
    /** The last live reload failed: the rows on screen may be out of date. */
    this.stale = false;
    this.token = 0; // a new filter makes older answers stale
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {Promise<void>} the latest reload */
    this.running = Promise.resolve();
    /** @type {Promise<void> | null} a reload waiting for the running one */
    this.queued = null;
    host.addController(this);
  }

  hostDisconnected() {
    clearTimeout(this.timer);
  }

  /** @param {number} first */
  page(first, after = /** @type {string | null} */ (null)) {
    const { filter, order } = this.query();
    return loadTickets(filter, order, first, after);
  }

  countsNow() {
    // Counts are a help, not the queue: without them the rows still show.
    return loadCounts(this.query().counts).catch(() => null);
  }

  /** The first page for the current filters. */
  async load() {
    const token = ++this.token;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const [page, counts] = await Promise.all([this.page(PAGE_SIZE), this.countsNow()]);
      if (token !== this.token) return;
      this.show(page.rows, page, counts);
      this.failed = false;
      this.stale = false;
    } catch (error) {
      if (token !== this.token) return;
      this.failed = true;
      if (!(error instanceof RequestFailed)) throw error;
    } finally {
      if (token === this.token) this.loading = false;
      this.host.requestUpdate();
    }
  }

  async loadMore() {
    const token = this.token;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const page = await this.page(PAGE_SIZE, this.endCursor);
      if (token !== this.token) return;
      const have = new Set(this.rows.map((r) => r.id));
      this.show([...this.rows, ...page.rows.filter((r) => !have.has(r.id))], page, this.counts);
    } catch {
      announce(t("common.networkError"), "error");
    } finally {
      if (token === this.token) this.loading = false;
      this.host.requestUpdate();
    }
  }

  /**
   * @param {QueueRow[]} rows
   * @param {{ pageInfo: import("./queue-api.js").PageInfo, totalCount: number }} page
   * @param {Map<string, number> | null} counts
   */
  show(rows, page, counts) {
    this.rows = rows;
    this.total = page.totalCount;
    this.hasMore = page.pageInfo.hasNextPage;
    this.endCursor = page.pageInfo.endCursor;
    this.counts = counts;
    noteKnown(rows.map((r) => r.id));
  }

  /** A live event: a ticket on screen changes at once; the reload then settles what matches. */
  onEvent(/** @type {import("./queue-feed.js").FeedMessage} */ message) {
    const at = this.rows.findIndex((r) => r.id === message.ticket.id);
    if (at >= 0) {
      this.rows = this.rows.map((row, i) => (i === at ? message.ticket : row));
      this.host.requestUpdate();
    }
    this.scheduleRefresh();
  }

  scheduleRefresh(delay = REFRESH_DELAY_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  /**
   * Reloads what is on screen (at least a page, at most REFRESH_MAX rows) and the counts. Calls
   * while a reload runs share one more reload after it, so the answer is never older than the call.
   * @returns {Promise<void>}
   */
  refresh() {
    clearTimeout(this.timer);
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = null;
        return this.reloadNow();
      });
      this.running = this.queued;
    }
    return this.queued;
  }

  async reloadNow() {
    const token = this.token;
    try {
      // With every match on screen, it stays so (an arrival does not push the oldest off).
      const shown = this.hasMore ? this.rows.length : this.rows.length + PAGE_SIZE;
      const wanted = Math.min(REFRESH_MAX, Math.max(PAGE_SIZE, shown));
      const [reloaded, counts] = await Promise.all([this.pagesUpTo(wanted), this.countsNow()]);
      if (token !== this.token) return;
      this.show(reloaded.rows, reloaded, counts ?? this.counts);
      this.stale = false;
    } catch (error) {
      if (token !== this.token) return;
      // Said once, not at every event of a burst; the rows on screen stay, marked as maybe old.
      if (!this.stale) announce(t("queue.refreshFailed"), "error");
      this.stale = true;
      // Not thrown on: a rejected reload would stop every later one (they queue behind it).
      if (!(error instanceof RequestFailed)) console.error(error);
    } finally {
      this.host.requestUpdate();
    }
  }

  /**
   * The first `wanted` rows, in pages the server accepts (a ticket that moved between two
   * pages while they loaded is shown once).
   * @param {number} wanted
   */
  async pagesUpTo(wanted) {
    let page = await this.page(Math.min(PAGE_MAX, wanted));
    const rows = [...page.rows];
    while (rows.length < wanted && page.pageInfo.hasNextPage) {
      page = await this.page(Math.min(PAGE_MAX, wanted - rows.length), page.pageInfo.endCursor);
      const have = new Set(rows.map((r) => r.id));
      rows.push(...page.rows.filter((r) => !have.has(r.id)));
    }
    return { rows, pageInfo: page.pageInfo, totalCount: page.totalCount };
  }
}
