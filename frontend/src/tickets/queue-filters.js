// The queue's filter bar. It holds no state of its own: it shows the URL's filters and reports a
// change as a "queue-change" event, which the page turns into a new URL (so back undoes it).
import { html } from "lit";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { CHANNELS, REQUEST_TYPES, extraFilterCount } from "./queue-query.js";
import { byName, nameOf } from "./queue-format.js";

/** @typedef {import("./queue-query.js").QueueState} QueueState */

// The assignee choices that mean the same in every department.
const ASSIGNEE_SCOPES = ["me", "unassigned", "me-or-unassigned"];
const SORT_CHOICES = ["created:desc", "created:asc", "updated:desc", "updated:asc", "due:asc", "due:desc"];

export class QueueFilters extends ConsoleElement {
  static properties = {
    state: { attribute: false },
    departments: { attribute: false },
    categories: { attribute: false },
    staff: { attribute: false },
    assigneeName: { attribute: false },
    staffLoading: { attribute: false },
    moreOpen: { state: true },
  };

  constructor() {
    super();
    /** @type {QueueState | null} */
    this.state = null;
    /** @type {import("./queue-api.js").DepartmentRef[]} */
    this.departments = [];
    /** @type {import("./queue-api.js").CategoryRef[]} */
    this.categories = [];
    /** @type {import("./queue-api.js").StaffRef[]} */
    this.staff = [];
    /** The name of the person the URL filters by, if known ("" when not). */
    this.assigneeName = "";
    /** The department's people are still being asked for (the select says so: aria-busy). */
    this.staffLoading = false;
    this.moreOpen = false;
  }

  /** @param {Partial<QueueState>} change */
  emit(change) {
    this.dispatchEvent(new CustomEvent("queue-change", { detail: change, bubbles: true }));
  }

  /** @param {keyof QueueState} name */
  onValue(name) {
    return (/** @type {Event} */ e) => {
      const target = /** @type {HTMLInputElement | HTMLSelectElement} */ (e.target);
      const change = /** @type {Partial<QueueState>} */ ({ [name]: target.value.trim() });
      // A category belongs to one department, and so does a named assignee: choosing another
      // department drops them ("mine", "unassigned" mean the same everywhere and stay).
      if (name === "department") {
        change.category = "";
        if (this.state && this.state.assignee && !ASSIGNEE_SCOPES.includes(this.state.assignee)) change.assignee = "";
      }
      this.emit(change);
    };
  }

  /** @param {SubmitEvent} e */
  search(e) {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ (this.querySelector("#queue-q"));
    this.emit({ q: input.value.trim() });
  }

  /** @param {Event} e */
  sort(e) {
    const [sort, dir] = /** @type {HTMLSelectElement} */ (e.target).value.split(":");
    this.emit(/** @type {Partial<QueueState>} */ ({ sort, dir }));
  }

  /**
   * @param {string} id @param {string} label @param {string} value @param {(e: Event) => void} onChange
   * @param {[string, string][]} options value → label, after "all"
   */
  select(id, label, value, onChange, options, allLabel = t("common.all"), busy = false) {
    return html`<div class="field queue-field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${onChange} aria-busy=${busy ? "true" : "false"}>
        <option value="" .selected=${live(value === "")}>${allLabel}</option>
        ${repeat(options, ([v]) => v, ([v, text]) => html`<option value=${v} .selected=${live(v === value)}>${text}</option>`)}
      </select>
    </div>`;
  }

  /**
   * "Mine", "unassigned", then the people of the department; a person the URL names who is not
   * among them (another department's, or the list not loaded yet) gets an option too, so the
   * select always shows the filter that applies.
   * @param {string} chosen
   * @returns {[string, string][]}
   */
  assigneeOptions(chosen) {
    /** @type {[string, string][]} */
    const options = [
      ["me", t("queue.filter.mine")],
      ["unassigned", t("queue.filter.unassigned")],
      ["me-or-unassigned", t("queue.filter.mineOrUnassigned")],
      ...this.staff.map((p) => /** @type {[string, string]} */ ([p.id, p.name])),
    ];
    if (chosen && !options.some(([v]) => v === chosen)) options.push([chosen, this.assigneeName || t("queue.filter.selectedPerson")]);
    return options;
  }

  render() {
    const s = this.state;
    if (!s) return "";
    const categories = byName(this.categories.filter((c) => !s.department || c.department?.id === s.department));
    const extra = extraFilterCount(s);
    return html`<div class="queue-filters">
      <form class="queue-search" role="search" @submit=${this.search}>
        <div class="field queue-field">
          <label for="queue-q">${t("queue.filter.text")}</label>
          <div class="queue-search-row">
            <input id="queue-q" type="search" name="q" .value=${s.q} aria-describedby="queue-q-hint" autocomplete="off">
            <button type="submit" class="button">${t("common.search")}</button>
          </div>
          <span id="queue-q-hint" class="visually-hidden">${t("queue.filter.textHint")}</span>
        </div>
      </form>
      ${this.select("queue-department", t("queue.filter.department"), s.department, this.onValue("department"),
        byName(this.departments).map((d) => [d.id, nameOf(d)]))}
      ${this.select("queue-category", t("queue.filter.category"), s.category, this.onValue("category"),
        categories.map((c) => [c.id, nameOf(c)]))}
      ${this.select("queue-assignee", t("queue.filter.assignee"), s.assignee, this.onValue("assignee"),
        this.assigneeOptions(s.assignee), t("queue.filter.anyone"), this.staffLoading)}
      <div class="field queue-field">
        <label for="queue-sort">${t("queue.filter.sort")}</label>
        <select id="queue-sort" @change=${this.sort}>
          ${SORT_CHOICES.map((v) => html`<option value=${v} .selected=${live(v === `${s.sort}:${s.dir}`)}>${t(`queue.sort.${v.replace(":", ".")}`)}</option>`)}
        </select>
      </div>
      <details class="queue-more" ?open=${this.moreOpen || extra > 0}
        @toggle=${(/** @type {Event} */ e) => (this.moreOpen = /** @type {HTMLDetailsElement} */ (e.target).open)}>
        <summary>${extra ? t("queue.filter.moreCount", { count: extra }) : t("queue.filter.more")}</summary>
        <div class="queue-more-fields">
          ${this.select("queue-channel", t("queue.filter.channel"), s.channel, this.onValue("channel"),
            CHANNELS.map((c) => [c, t(`channel.${c}`)]))}
          ${this.select("queue-type", t("queue.filter.type"), s.type, this.onValue("type"),
            REQUEST_TYPES.map((c) => [c, t(`requestType.${c}`)]))}
          <div class="field queue-field">
            <label for="queue-hood">${t("queue.filter.neighbourhood")}</label>
            <input id="queue-hood" type="text" .value=${s.hood} autocomplete="off" @change=${this.onValue("hood")}>
          </div>
          <div class="field queue-field">
            <label for="queue-from">${t("queue.filter.from")}</label>
            <input id="queue-from" type="date" .value=${s.from} @change=${this.onValue("from")}>
          </div>
          <div class="field queue-field">
            <label for="queue-to">${t("queue.filter.to")}</label>
            <input id="queue-to" type="date" .value=${s.to} @change=${this.onValue("to")}>
          </div>
          <div class="field queue-field queue-overdue">
            <label class="checkbox" for="queue-overdue">
              <input id="queue-overdue" type="checkbox" .checked=${s.overdue}
                @change=${(/** @type {Event} */ e) => this.emit({ overdue: /** @type {HTMLInputElement} */ (e.target).checked })}>
              ${t("queue.filter.overdue")}
            </label>
          </div>
        </div>
      </details>
    </div>`;
  }
}

customElements.define("cz-queue-filters", QueueFilters);
