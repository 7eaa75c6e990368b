// Picks another open ticket by reference or words of its text (for merging and DUPLICATE):
// a search box, then the matches as radio buttons, never the ticket being worked on.
import { html } from "lit";
import { request } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { graphqlLanguage, t } from "../kit/i18n.js";

const SEARCH = `query TicketSearch($filter: TicketFilter!, $language: Language!) {
  tickets(filter: $filter, first: 10) { edges { node {
    id reference title statusLabel(language: $language) department { name(language: $language) }
  } } }
}`;

/** @typedef {{ id: string, reference: string, title: string, statusLabel: string, department: { name: string } | null }} Found */

export const PICKED = "cz-ticket-picked";

export class TicketSearch extends ConsoleElement {
  static properties = {
    excludeId: { attribute: false },
    idPrefix: { attribute: false },
    invalid: { attribute: false },
    describedBy: { attribute: false },
    results: { state: true },
    searching: { state: true },
    failed: { state: true },
    chosen: { state: true },
  };

  constructor() {
    super();
    this.excludeId = "";
    this.idPrefix = "ticket-search";
    this.invalid = false;
    /** @type {string | undefined} */
    this.describedBy = undefined;
    /** @type {Found[] | null} */
    this.results = null;
    this.searching = false;
    this.failed = false;
    /** @type {string | null} */
    this.chosen = null;
  }

  async search() {
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector(`#${this.idPrefix}-text`));
    const text = input?.value.trim() ?? "";
    if (!text || this.searching) return;
    this.searching = true;
    this.failed = false;
    try {
      const data = await request(SEARCH, { filter: { text, open: true }, language: graphqlLanguage() });
      this.results = data.tickets.edges.map((/** @type {any} */ e) => e.node).filter((/** @type {Found} */ f) => f.id !== this.excludeId);
    } catch {
      this.failed = true;
      this.results = null;
    } finally {
      this.searching = false;
    }
    this.pick(null);
  }

  /** @param {KeyboardEvent} event */
  keydown(event) {
    // Enter searches here: it must not submit the form around the search box.
    if (event.key !== "Enter") return;
    event.preventDefault();
    this.search();
  }

  /** @param {Found | null} found */
  pick(found) {
    this.chosen = found?.id ?? null;
    this.dispatchEvent(new CustomEvent(PICKED, { detail: found, bubbles: true }));
  }

  /** Forget the query and the matches (after a merge, or when the dialog closes). */
  reset() {
    this.results = null;
    this.chosen = null;
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector(`#${this.idPrefix}-text`));
    if (input) input.value = "";
  }

  render() {
    const id = this.idPrefix;
    return html`<div class="ticket-search">
      <div class="field">
        <label for=${`${id}-text`}>${t("ticket.search.label")}</label>
        <span class="hint" id=${`${id}-hint`}>${t("ticket.search.hint")}</span>
        <div class="ticket-search-row">
          <input id=${`${id}-text`} type="search" autocomplete="off" @keydown=${this.keydown}
            aria-describedby=${[`${id}-hint`, this.describedBy].filter(Boolean).join(" ")}
            aria-invalid=${this.invalid ? "true" : "false"}>
          <button type="button" class="button secondary" ?disabled=${this.searching} @click=${this.search}>${t("common.search")}</button>
        </div>
      </div>
      <p class="visually-hidden" role="status">${this.results ? t("ticket.search.count", { count: this.results.length }) : ""}</p>
      ${this.failed ? html`<p class="notice warning">${t("common.networkError")}</p>` : ""}
      ${this.results && !this.results.length ? html`<p class="muted">${t("ticket.search.none")}</p>` : ""}
      ${this.results?.length ? html`<fieldset class="ticket-search-results">
            <legend>${t("ticket.search.results")}</legend>
            ${this.results.map((found) => html`<label class="search-result">
                <input type="radio" name=${`${id}-choice`} .checked=${this.chosen === found.id} @change=${() => this.pick(found)}>
                <span><strong class="reference">${found.reference}</strong> ${found.title}
                  <span class="muted">— ${found.statusLabel}${found.department ? `, ${found.department.name}` : ""}</span></span>
              </label>`)}
          </fieldset>` : ""}
    </div>`;
  }
}

customElements.define("cz-ticket-search", TicketSearch);
