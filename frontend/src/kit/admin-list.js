// The shape every administration page shares: a list read when the page opens, a failure with a
// retry, "loading" until then, and the list as a table with a hidden caption and an actions column.
import { html } from "lit";
import { ConsoleElement } from "./element.js";
import { t } from "./i18n.js";

/** @typedef {{ label: string, numeric?: boolean }} Heading */

export class AdminList extends ConsoleElement {
  /** @type {import("lit").PropertyDeclarations} */
  static properties = { failed: { state: true } };

  constructor() {
    super();
    this.failed = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  /** Reads what the page shows into its own state; a failure is shown with a retry. */
  async fetch() {}

  async load() {
    this.failed = false;
    try {
      await this.fetch();
    } catch {
      this.failed = true;
    }
  }

  /** @param {boolean} loaded */
  loadState(loaded) {
    if (this.failed) {
      return html`<p class="notice warning" role="alert">${t("admin.loadFailed")}
        <button type="button" class="link-button" @click=${this.load}>${t("common.retry")}</button></p>`;
    }
    return loaded ? "" : html`<p role="status">${t("common.loading")}</p>`;
  }
}

/**
 * @param {{ caption: string, className?: string, headings: Heading[] }} shape
 * @param {unknown[]} rows
 */
export function adminTable({ caption, className = "", headings }, rows) {
  return html`<div class="table-wrap">
    <table class=${`admin-table ${className}`.trim()}>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>
        ${headings.map((h) => html`<th scope="col" class=${h.numeric ? "num" : ""}>${h.label}</th>`)}
        <th scope="col"><span class="visually-hidden">${t("admin.actions")}</span></th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </div>`;
}
