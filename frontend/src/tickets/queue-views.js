// Saved views: a name for a queue URL's query string, kept per user on the server. Opening one
// is following a link; the current filters can be saved under a new name (an existing name
// replaces that view's filters, once the user has confirmed it); any can be deleted.
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
    replacing: { state: true },
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
    /** @type {import("./queue-api.js").SavedView | null} the view a save would replace, awaiting "yes" */
    this.replacing = null;
  }

  // A drop-down: a click elsewhere or Escape closes it, as menus do.
  #outside = (/** @type {Event} */ e) => {
    // The path as dispatched: a button of the panel that re-rendered away meanwhile (the confirm
    // step's) is no longer inside it, but the click was.
    if (this.open && !e.composedPath().includes(this)) this.close();
  };

  close() {
    this.open = false;
    this.replacing = null;
  }

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
    this.close();
    /** @type {HTMLElement | null} */ (this.querySelector("summary"))?.focus();
  }

  async reload() {
    try {
      this.views = await loadViews();
    } catch {
      this.unavailable = true;
    }
  }

  nameInput() {
    return /** @type {HTMLInputElement} */ (this.querySelector("#queue-view-name"));
  }

  /** @param {SubmitEvent} e */
  async save(e) {
    e.preventDefault();
    const input = this.nameInput();
    const name = input.value.trim();
    if (!name) {
      this.error = t("error.REQUIRED");
      input.focus();
      return;
    }
    // The server replaces a view of the same name: that is asked first, never done unseen.
    const existing = this.views.find((v) => v.name === name);
    if (existing) {
      this.error = "";
      this.replacing = existing;
      await this.updateComplete;
      /** @type {HTMLElement | null} */ (this.querySelector("#queue-view-replace"))?.focus();
      return;
    }
    await this.store(name, false);
  }

  async confirmReplace() {
    if (this.replacing) await this.store(this.replacing.name, true);
  }

  async cancelReplace() {
    this.replacing = null;
    await this.updateComplete;
    this.nameInput()?.focus();
  }

  /** @param {string} name @param {boolean} replaced */
  async store(name, replaced) {
    this.saving = true;
    try {
      const payload = await saveView(name, this.query);
      this.replacing = null;
      if (payload.userErrors.length) {
        this.error = userErrorText(payload.userErrors[0]);
        await this.updateComplete;
        this.nameInput()?.focus();
        return;
      }
      this.error = "";
      this.nameInput().value = "";
      await this.reload();
      announce(t(replaced ? "queue.views.replaced" : "queue.views.saved", { name }));
      // The confirm step's buttons are gone: focus returns to where a next name would go.
      if (replaced) this.nameInput()?.focus();
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
                  @click=${() => this.close()}>${view.name}</a>
                <button type="button" class="link-button" aria-label=${t("queue.views.delete", { name: view.name })}
                  @click=${() => this.removeView(view)}>${t("queue.views.deleteShort")}</button>
              </li>`)}
            </ul>`
          : html`<p class="muted">${t("queue.views.none")}</p>`}
        <form class="queue-views-form" @submit=${this.save} novalidate>
          <div class="field">
            <label for="queue-view-name">${t("queue.views.name")}</label>
            <input id="queue-view-name" type="text" maxlength="80" autocomplete="off" @input=${() => (this.replacing = null)}
              aria-invalid=${this.error ? "true" : "false"} aria-describedby=${this.error ? "queue-view-error" : nothing}>
            ${this.error ? html`<span id="queue-view-error" class="field-error">${this.error}</span>` : ""}
          </div>
          ${this.replacing ? this.replaceStep(this.replacing) : html`<button type="submit" class="button small" ?disabled=${this.saving}>${t("queue.views.save")}</button>`}
        </form>
      </div>
    </details>`;
  }

  /** @param {import("./queue-api.js").SavedView} view */
  replaceStep(view) {
    return html`<div class="queue-views-confirm" role="group" aria-labelledby="queue-view-replace-question">
      <p id="queue-view-replace-question">${t("queue.views.replaceQuestion", { name: view.name })}</p>
      <div class="actions">
        <button type="button" id="queue-view-replace" class="button small" ?disabled=${this.saving} @click=${this.confirmReplace}>
          ${t("queue.views.replace")}
        </button>
        <button type="button" class="button secondary small" ?disabled=${this.saving} @click=${this.cancelReplace}>${t("common.cancel")}</button>
      </div>
    </div>`;
  }
}

customElements.define("cz-queue-views", QueueViews);
