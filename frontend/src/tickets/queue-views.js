// Saved views: a name for a queue URL's query string, kept per user on the server. Opening one
// is following a link; the current filters can be saved under a new name; any can be deleted.
import { html, nothing } from "lit";
import { announce } from "../kit/announce.js";
import { ConsoleElement } from "../kit/element.js";
import { t, userErrorText } from "../kit/i18n.js";
import { href } from "../kit/router.js";
import { deleteView, loadViews, saveView } from "./queue-api.js";

export class QueueViews extends ConsoleElement {
  static properties = {
    query: { attribute: false },
    views: { state: true },
    unavailable: { state: true },
    saving: { state: true },
    error: { state: true },
    open: { state: true },
  };

  constructor() {
    super();
    this.query = "";
    /** @type {import("./queue-api.js").SavedView[]} */
    this.views = [];
    this.unavailable = false;
    this.saving = false;
    this.error = "";
    this.open = false;
  }

  // A drop-down: a click elsewhere or Escape closes it, as menus do.
  #outside = (/** @type {Event} */ e) => {
    if (this.open && !this.contains(/** @type {Node} */ (e.target))) this.open = false;
  };

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener("click", this.#outside);
    this.reload();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("click", this.#outside);
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    if (e.key !== "Escape" || !this.open) return;
    this.open = false;
    /** @type {HTMLElement | null} */ (this.querySelector("summary"))?.focus();
  }

  async reload() {
    try {
      this.views = await loadViews();
    } catch {
      this.unavailable = true;
    }
  }

  /** @param {SubmitEvent} e */
  async save(e) {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ (this.querySelector("#queue-view-name"));
    const name = input.value.trim();
    if (!name) {
      this.error = t("error.REQUIRED");
      input.focus();
      return;
    }
    this.saving = true;
    try {
      const payload = await saveView(name, this.query);
      if (payload.userErrors.length) {
        this.error = userErrorText(payload.userErrors[0]);
        input.focus();
        return;
      }
      this.error = "";
      input.value = "";
      await this.reload();
      announce(t("queue.views.saved", { name }));
    } catch {
      this.error = t("common.networkError");
    } finally {
      this.saving = false;
    }
  }

  /** @param {import("./queue-api.js").SavedView} view */
  async removeView(view) {
    try {
      const payload = await deleteView(view.id);
      if (payload.userErrors.length) return announce(userErrorText(payload.userErrors[0]), "error");
      await this.reload();
      announce(t("queue.views.deleted", { name: view.name }));
      /** @type {HTMLElement | null} */ (this.querySelector("#queue-view-name"))?.focus();
    } catch {
      announce(t("common.networkError"), "error");
    }
  }

  render() {
    if (this.unavailable) return "";
    const active = this.views.find((v) => v.query === this.query);
    return html`<details class="queue-views" ?open=${this.open} @keydown=${this.onKey}
        @toggle=${(/** @type {Event} */ e) => (this.open = /** @type {HTMLDetailsElement} */ (e.target).open)}>
      <summary>${active ? t("queue.views.current", { name: active.name }) : t("queue.views.title", { count: this.views.length })}</summary>
      <div class="queue-views-panel">
        ${this.views.length
          ? html`<ul class="queue-views-list">
              ${this.views.map((view) => html`<li>
                <a href=${href("/", view.query)} aria-current=${view === active ? "page" : "false"}
                  @click=${() => (this.open = false)}>${view.name}</a>
                <button type="button" class="link-button" aria-label=${t("queue.views.delete", { name: view.name })}
                  @click=${() => this.removeView(view)}>${t("queue.views.deleteShort")}</button>
              </li>`)}
            </ul>`
          : html`<p class="muted">${t("queue.views.none")}</p>`}
        <form class="queue-views-form" @submit=${this.save} novalidate>
          <div class="field">
            <label for="queue-view-name">${t("queue.views.name")}</label>
            <input id="queue-view-name" type="text" maxlength="80" autocomplete="off"
              aria-invalid=${this.error ? "true" : "false"} aria-describedby=${this.error ? "queue-view-error" : nothing}>
            ${this.error ? html`<span id="queue-view-error" class="field-error">${this.error}</span>` : ""}
          </div>
          <button type="submit" class="button small" ?disabled=${this.saving}>${t("queue.views.save")}</button>
        </form>
      </div>
    </details>`;
  }
}

customElements.define("cz-queue-views", QueueViews);
