// A secret Çözüm shows exactly once (an API key, a temporary password): readable, selectable,
// copyable, and plainly marked as gone for good once the dialog closes.
import { html } from "lit";
import { announce } from "./announce.js";
import { ConsoleElement } from "./element.js";
import { t } from "./i18n.js";

export class ShownOnce extends ConsoleElement {
  static properties = { value: {}, label: {}, note: {}, fieldId: {} };

  constructor() {
    super();
    this.value = "";
    this.label = "";
    this.note = "";
    this.fieldId = "shown-once";
  }

  async copy() {
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector("input"));
    try {
      await navigator.clipboard.writeText(this.value);
      announce(t("common.copied"));
    } catch {
      // No clipboard (an insecure origin, a refused permission): leave it selected to copy by hand.
      input?.select();
      announce(t("common.copyFailed"), "error");
    }
  }

  render() {
    return html`<div class="shown-once">
      <p class="notice warning" id="${this.fieldId}-note">${this.note}</p>
      <div class="field">
        <label for=${this.fieldId}>${this.label}</label>
        <div class="shown-once-row">
          <input id=${this.fieldId} type="text" class="secret" readonly .value=${this.value}
            aria-describedby="${this.fieldId}-note" spellcheck="false" autocomplete="off"
            @focus=${(/** @type {FocusEvent} */ e) => /** @type {HTMLInputElement} */ (e.target).select()}>
          <button type="button" class="button secondary" @click=${this.copy}>${t("common.copy")}</button>
        </div>
      </div>
    </div>`;
  }
}

customElements.define("cz-shown-once", ShownOnce);
