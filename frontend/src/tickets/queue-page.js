// The queue: where every ticket-reading staff member lands. The URL holds the filters; the rows
// controller loads the matching tickets and counts and keeps them current from the live feed;
// the page adds the selection, bulk actions, keys and the frame around them.
import { html } from "lit";
import { LIVE_STATE } from "../kit/api.js";
import { SOUND_CHANGED, setSoundOn, soundOn } from "../kit/alerts.js";
import { announce } from "../kit/announce.js";
import { ConsoleElement } from "../kit/element.js";
import { openCheatSheet, registerHotkeys } from "../kit/hotkeys.js";
import { formatNumber, t } from "../kit/i18n.js";
import { ROUTE_CHANGED, currentPath, currentQuery, href, navigate, setQuery } from "../kit/router.js";
import { setPageTitle } from "../kit/title.js";
import { currentUser } from "../auth/session.js";
import { loadAssignable, loadChoices } from "./queue-api.js";
import { clearMarks, markCount, onFeed, startFeed } from "./queue-feed.js";
import { filterOf, orderOf, queryFromState, stateFromQuery, withChange } from "./queue-query.js";
import { QueueRows } from "./queue-rows.js";
import "./queue-bulk.js";
import "./queue-filters.js";
import "./queue-outcome.js";
import "./queue-statuses.js";
import "./queue-table.js";
import "./queue-views.js";

/**
 * @typedef {import("./queue-api.js").QueueRow} QueueRow
 * @typedef {import("./queue-bulk.js").Picked} Picked
 * @typedef {import("./queue-bulk.js").BulkOutcome} BulkOutcome
 */

export class QueuePage extends ConsoleElement {
  static properties = {
    state: { state: true },
    picked: { state: true },
    currentId: { state: true },
    outcome: { state: true },
    choices: { state: true },
    filterStaff: { state: true },
    filterStaffLoading: { state: true },
    revision: { state: true },
  };

  constructor() {
    super();
    this.state = stateFromQuery(currentQuery());
    this.query = String(queryFromState(this.state));
    this.data = new QueueRows(this, () => {
      const me = currentUser() ?? { id: "" };
      return { filter: filterOf(this.state, me), counts: filterOf(this.state, me, false), order: orderOf(this.state) };
    });
    /** @type {Map<string, Picked>} chosen for a bulk action, as they were when chosen */
    this.picked = new Map();
    /** @type {string | null} the keyboard's current row */
    this.currentId = null;
    /** @type {BulkOutcome | null} */
    this.outcome = null;
    /** @type {{ departments: import("./queue-api.js").DepartmentRef[], categories: import("./queue-api.js").CategoryRef[] }} */
    this.choices = { departments: [], categories: [] };
    /** @type {import("./queue-api.js").StaffRef[]} */
    this.filterStaff = [];
    this.filterStaffLoading = false;
    this.revision = 0; // bumped when the feed's marks change
    /** @type {(() => void)[]} */
    this.cleanups = [];
  }

  connectedCallback() {
    super.connectedCallback();
    startFeed();
    let dropped = false;
    /** @type {[string, (e: Event) => void][]} */
    const listeners = [
      [ROUTE_CHANGED, () => this.fromUrl()],
      [SOUND_CHANGED, () => this.requestUpdate()],
      // Back after a dropped connection: the feed replays from its last cursor, but had it none
      // yet, what happened meanwhile would be missed; reloading what is on screen settles it.
      [LIVE_STATE, (e) => {
        const state = /** @type {CustomEvent} */ (e).detail;
        if (state === "connected" && dropped) this.data.scheduleRefresh(0);
        dropped = state !== "connected";
      }],
    ];
    for (const [type, listener] of listeners) {
      window.addEventListener(type, listener);
      this.cleanups.push(() => window.removeEventListener(type, listener));
    }
    this.cleanups.push(
      onFeed((message) => {
        this.revision += 1;
        if (message) this.data.onEvent(message);
      }),
      registerHotkeys(this.hotkeys()),
    );
    loadChoices().then((choices) => (this.choices = choices), () => {});
    this.loadFilterStaff();
    this.data.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** The URL changed (a filter, back, a saved view): follow it. */
  fromUrl() {
    if (currentPath() !== "/") return;
    const state = stateFromQuery(currentQuery());
    const query = String(queryFromState(state));
    if (query === this.query) return;
    const department = this.state.department;
    this.state = state;
    this.query = query;
    this.currentId = null;
    if (state.department !== department) this.loadFilterStaff();
    this.data.load();
  }

  /** @param {CustomEvent<Partial<import("./queue-query.js").QueueState>>} e */
  onChange(e) {
    setQuery(queryFromState(withChange(this.state, e.detail)));
  }

  /** The people the assignee filter offers: of the chosen department, else of one's own. */
  loadFilterStaff() {
    const department = this.state.department || currentUser()?.department?.id;
    if (!department) {
      this.filterStaff = [];
      this.filterStaffLoading = false;
      return;
    }
    // Only the latest department's answer counts (a slower earlier one must not overwrite it).
    const wanted = () => (this.state.department || currentUser()?.department?.id) === department;
    this.filterStaffLoading = true;
    const settle = (/** @type {import("./queue-api.js").StaffRef[]} */ staff) => {
      if (!wanted()) return;
      this.filterStaff = staff;
      this.filterStaffLoading = false;
    };
    loadAssignable(department).then(settle, () => settle([]));
  }

  /** The name of the person the URL filters by, when a row on screen says it. */
  filterAssigneeName() {
    const id = this.state.assignee;
    return this.data.rows.find((r) => r.assignee?.id === id)?.assignee?.name ?? "";
  }

  /** @param {CustomEvent<{ ids: string[], on: boolean }>} e */
  onSelect(e) {
    const picked = new Map(this.picked);
    for (const id of e.detail.ids) {
      const row = this.data.rows.find((r) => r.id === id);
      if (e.detail.on && row) picked.set(id, pick(row));
      else picked.delete(id);
    }
    this.picked = picked;
  }

  /** @param {CustomEvent<BulkOutcome>} e */
  async onBulkDone(e) {
    const outcome = e.detail;
    this.outcome = outcome;
    const picked = new Map(this.picked);
    for (const ticket of outcome.succeeded) picked.delete(ticket.id);
    this.picked = picked;
    const failed = outcome.failed.length;
    announce(failed
      ? t("queue.bulk.partial", { done: outcome.succeeded.length, failed })
      : t("queue.bulk.done", { count: outcome.succeeded.length }), failed ? "error" : "info");
    await this.data.refresh();
    // The user has now been told what changed: what stays selected is taken as seen again.
    this.picked = new Map([...this.picked].map(([id, p]) => {
      const row = this.data.rows.find((r) => r.id === id);
      return [id, row ? pick(row) : p];
    }));
  }

  /** @returns {import("../kit/hotkeys.js").HotkeyGroup} */
  hotkeys() {
    return {
      title: "queue.hotkeys.title",
      keys: [
        { key: "j", label: "queue.hotkeys.next", run: () => this.move(1) },
        { key: "k", label: "queue.hotkeys.previous", run: () => this.move(-1) },
        { key: "Enter", label: "queue.hotkeys.open", run: () => this.openCurrent() },
        { key: "x", label: "queue.hotkeys.select", run: () => this.toggleCurrent() },
        { key: "/", label: "queue.hotkeys.search", run: () => this.focusSearch() },
      ],
    };
  }

  currentIndex() {
    return this.data.rows.findIndex((r) => r.id === this.currentId);
  }

  /** @param {number} step */
  async move(step) {
    const rows = this.data.rows;
    if (!rows.length) return;
    const at = this.currentIndex();
    this.currentId = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step))].id;
    await this.updateComplete;
    const table = /** @type {import("./queue-table.js").QueueTable | null} */ (this.querySelector("cz-queue-table"));
    await table?.updateComplete;
    table?.focusCurrent();
  }

  openCurrent() {
    if (this.currentIndex() >= 0) navigate(href(`/tickets/${encodeURIComponent(/** @type {string} */ (this.currentId))}`));
  }

  toggleCurrent() {
    const id = this.currentIndex() >= 0 ? this.currentId : null;
    if (id) this.onSelect(new CustomEvent("x", { detail: { ids: [id], on: !this.picked.has(id) } }));
  }

  focusSearch() {
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector("#queue-q"));
    input?.focus();
    input?.select();
  }

  render() {
    setPageTitle(t("queue.title"));
    const marks = markCount();
    const { loading, rows, total } = this.data;
    return html`<section class="page queue" @queue-change=${this.onChange} @queue-select=${this.onSelect}
        @queue-bulk-done=${this.onBulkDone}>
      <div class="queue-head">
        <h1 tabindex="-1">${t("queue.title")}</h1>
        <p class="queue-total">${loading && !rows.length ? t("common.loading") : t("queue.total", { count: formatNumber(total) })}</p>
        <div class="queue-tools">
          ${marks ? html`<button type="button" class="button secondary small" @click=${clearMarks}>${t("queue.marks.clear", { count: marks })}</button>` : ""}
          <button type="button" class="button secondary small" aria-pressed=${soundOn() ? "true" : "false"}
            @click=${() => setSoundOn(!soundOn())}>${t("queue.sound")}</button>
          <button type="button" class="button secondary small" @click=${() => openCheatSheet()}>
            ${t("queue.hotkeys.button")} <kbd aria-hidden="true">?</kbd>
          </button>
          <cz-queue-views .query=${this.query}></cz-queue-views>
        </div>
      </div>
      <cz-queue-statuses .state=${this.state} .counts=${this.data.counts}></cz-queue-statuses>
      <cz-queue-filters .state=${this.state} .departments=${this.choices.departments}
        .categories=${this.choices.categories} .staff=${this.filterStaff} .staffLoading=${this.filterStaffLoading} .assigneeName=${this.filterAssigneeName()}></cz-queue-filters>
      <cz-queue-outcome .outcome=${this.outcome} @dismissed=${() => { this.outcome = null; }}></cz-queue-outcome>
      <cz-queue-bulk .picked=${[...this.picked.values()]} .me=${currentUser()} .departments=${this.choices.departments}></cz-queue-bulk>
      ${this.data.failed ? this.failure() : this.table()}
    </section>`;
  }

  table() {
    const { loading, rows, total, hasMore } = this.data;
    if (!loading && !rows.length) {
      return html`<div class="card queue-empty">
        <p>${t("queue.empty")}</p>
        ${this.query ? html`<p><a href=${href("/")}>${t("queue.filter.reset")}</a></p>` : ""}
      </div>`;
    }
    return html`${this.data.stale ? html`<div class="notice warning queue-stale">
        <p>${t("queue.refreshFailed")}
          <button type="button" class="link-button" @click=${() => this.data.refresh()}>${t("common.retry")}</button></p>
      </div>` : ""}
      <cz-queue-table .rows=${rows} .selected=${new Set(this.picked.keys())} .current=${this.currentIndex()}
        .sortField=${this.state.sort} .sortDir=${this.state.dir} .busy=${loading} .revision=${this.revision}></cz-queue-table>
      <div class="queue-foot">
        <p class="muted">${t("queue.shown", { shown: formatNumber(rows.length), total: formatNumber(total) })}</p>
        ${hasMore ? html`<button type="button" class="button secondary" ?disabled=${loading} @click=${() => this.data.loadMore()}>${t("common.loadMore")}</button>` : ""}
      </div>`;
  }

  failure() {
    return html`<div class="notice warning" role="alert">
      <p>${t("queue.failed")}</p>
      <div class="actions">
        <button type="button" class="button" @click=${() => this.data.load()}>${t("common.retry")}</button>
        ${this.query ? html`<a href=${href("/")}>${t("queue.filter.reset")}</a>` : ""}
      </div>
    </div>`;
  }
}

/** What a bulk action needs of a row, as the user saw it when choosing it. @returns {Picked} */
function pick(/** @type {QueueRow} */ row) {
  return { id: row.id, reference: row.reference, version: row.version, departmentId: row.department?.id ?? null };
}

customElements.define("cz-queue", QueuePage);
