// The queue's table: one row per ticket, a checkbox per row for bulk actions, the current row of
// the keyboard (j/k) and the "new"/"changed" marks of the live feed. Titles are citizens' words:
// they only ever go through text bindings.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, formatRelative, t } from "../kit/i18n.js";
import { href } from "../kit/router.js";
import { markOf } from "./queue-feed.js";
import { dueBadge, formatShort, nameOf } from "./queue-format.js";

/** @typedef {import("./queue-api.js").QueueRow} QueueRow */

export class QueueTable extends ConsoleElement {
  static properties = {
    rows: { attribute: false },
    selected: { attribute: false },
    current: { attribute: false },
    sortField: { attribute: false },
    sortDir: { attribute: false },
    busy: { attribute: false },
    revision: { attribute: false }, // bumped when the live feed's marks change
  };

  constructor() {
    super();
    /** @type {QueueRow[]} */
    this.rows = [];
    /** @type {Set<string>} */
    this.selected = new Set();
    this.current = -1;
    this.sortField = "created";
    this.sortDir = "desc";
    this.busy = false;
    this.revision = 0;
  }

  /** @param {string} id @param {boolean} on */
  select(id, on) {
    this.dispatchEvent(new CustomEvent("queue-select", { detail: { ids: [id], on }, bubbles: true }));
  }

  /** @param {Event} event */
  selectAll(event) {
    const on = /** @type {HTMLInputElement} */ (event.target).checked;
    this.dispatchEvent(new CustomEvent("queue-select", { detail: { ids: this.rows.map((r) => r.id), on }, bubbles: true }));
  }

  /** Moves focus to the current row's link, so a screen reader reads it and Enter opens it. */
  focusCurrent() {
    const link = /** @type {HTMLElement | null} */ (this.querySelector("tr.current a.queue-ref"));
    link?.focus({ preventScroll: true });
    link?.closest("tr")?.scrollIntoView({ block: "nearest" });
  }

  /** @param {"created" | "due"} field */
  sortOf(field) {
    if (this.sortField !== field) return "none";
    return this.sortDir === "asc" ? "ascending" : "descending";
  }

  render() {
    const all = this.rows.length > 0 && this.rows.every((r) => this.selected.has(r.id));
    const some = !all && this.rows.some((r) => this.selected.has(r.id));
    return html`<div class="table-wrap queue-table" aria-busy=${this.busy ? "true" : "false"}>
      <table>
        <caption class="visually-hidden">${t("queue.table.caption")}</caption>
        <thead>
          <tr>
            <th scope="col" class="queue-check">
              <input type="checkbox" aria-label=${t("queue.selectAll")} .checked=${all} .indeterminate=${some}
                ?disabled=${this.rows.length === 0} @change=${this.selectAll}>
            </th>
            <th scope="col">${t("queue.col.reference")}</th>
            <th scope="col">${t("queue.col.title")}</th>
            <th scope="col">${t("queue.col.status")}</th>
            <th scope="col">${t("queue.col.category")}</th>
            <th scope="col">${t("queue.col.department")}</th>
            <th scope="col">${t("queue.col.assignee")}</th>
            <th scope="col">${t("queue.col.channel")}</th>
            <th scope="col" aria-sort=${this.sortOf("created")}>${t("queue.col.created")}</th>
            <th scope="col" aria-sort=${this.sortOf("due")}>${t("queue.col.due")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map((row, i) => this.row(row, i === this.current))}
        </tbody>
      </table>
    </div>`;
  }

  /** @param {QueueRow} row @param {boolean} current */
  row(row, current) {
    const mark = markOf(row.id);
    const selected = this.selected.has(row.id);
    const classes = [current ? "current" : "", mark ? `queue-${mark}` : "", selected ? "queue-selected" : ""].join(" ");
    return html`<tr class=${classes} data-id=${row.id} aria-current=${current ? "true" : "false"}>
      <td class="queue-check">
        <input type="checkbox" aria-label=${t("queue.select", { reference: row.reference })} .checked=${selected}
          @change=${(/** @type {Event} */ e) => this.select(row.id, /** @type {HTMLInputElement} */ (e.target).checked)}>
      </td>
      <td class="queue-ref-cell"><a class="queue-ref" href=${href(`/tickets/${encodeURIComponent(row.id)}`)}>${row.reference}</a></td>
      <td class="queue-title">
        <span class="queue-title-text">${row.title}</span>
        ${mark ? html` <span class="badge fresh">${t(`queue.mark.${mark}`)}</span>` : ""}
        ${row.priority === "HIGH" || row.priority === "URGENT" ? html` <span class="badge priority-${row.priority.toLowerCase()}">${t(`priority.${row.priority}`)}</span>` : ""}
      </td>
      <td><span class="badge status status-${row.status.toLowerCase()}">${t(`status.${row.status}`)}</span></td>
      <td><span class="queue-clip" title=${nameOf(row.category)}>${nameOf(row.category)}</span></td>
      <td>${row.department
        ? html`<span class="queue-clip" title=${nameOf(row.department)}>${nameOf(row.department)}</span>`
        : html`<span class="muted">${t("common.none")}</span>`}</td>
      <td>${row.assignee ? html`<span class="queue-clip">${row.assignee.name}</span>` : html`<span class="muted">${t("queue.unassigned")}</span>`}</td>
      <td>${t(`channel.${row.channel}`)}</td>
      <td class="queue-date"><time datetime=${row.createdAt} title=${formatDateTime(row.createdAt)}>${formatRelative(row.createdAt)}</time></td>
      <td class="queue-date">
        ${row.dueAt ? html`<time datetime=${row.dueAt} title=${formatDateTime(row.dueAt)}>${formatShort(row.dueAt)}</time>` : html`<span class="muted">${t("common.none")}</span>`}
        ${dueBadge(row)}
      </td>
    </tr>`;
  }
}

customElements.define("cz-queue-table", QueueTable);
