// The console's keyboard map. A page registers its keys while it is shown; `?` opens a cheat
// sheet listing every key that works right now. Keys never fire while the user types in a field,
// holds a modifier (browser and screen-reader shortcuts stay theirs) or has a dialog open.
import { html } from "lit";
import { ConsoleElement } from "./element.js";
import { t } from "./i18n.js";

/**
 * @typedef {{ key: string, label: string, run: (event: KeyboardEvent) => void }} Hotkey
 *   `key` is KeyboardEvent.key ("j", "/", "Enter"); `label` an i18n key
 * @typedef {{ title: string, keys: Hotkey[] }} HotkeyGroup `title` an i18n key
 */

/** @type {HotkeyGroup[]} */
const groups = [];

const GENERAL = /** @type {HotkeyGroup} */ ({
  title: "hotkeys.general",
  keys: [{ key: "?", label: "hotkeys.help", run: () => openCheatSheet() }],
});

/**
 * Makes `group`'s keys work until the returned function is called.
 * @param {HotkeyGroup} group
 */
export function registerHotkeys(group) {
  install();
  groups.push(group);
  return () => {
    const at = groups.indexOf(group);
    if (at >= 0) groups.splice(at, 1);
  };
}

const TEXT_INPUTS = new Set(["text", "search", "email", "password", "tel", "url", "number", "date", "datetime-local", "month", "time", "week"]);

function typing(/** @type {EventTarget | null} */ target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type);
}

function onKeyDown(/** @type {KeyboardEvent} */ event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (typing(event.target) || document.querySelector("dialog[open]")) return;
  // Enter on a link or button already means "activate it".
  if (event.key === "Enter" && event.target instanceof Element && event.target.closest("a, button, summary, input, [role='button']")) return;
  // The newest registration wins, so a page's keys shadow the console's.
  for (const group of [...groups, GENERAL].reverse()) {
    const hotkey = group.keys.find((k) => k.key === event.key);
    if (hotkey) {
      event.preventDefault();
      hotkey.run(event);
      return;
    }
  }
}

/** @type {CheatSheet | null} */
let sheet = null;

function install() {
  if (sheet) return;
  window.addEventListener("keydown", onKeyDown);
  sheet = /** @type {CheatSheet} */ (document.createElement("cz-hotkeys"));
  document.body.append(sheet);
}

/** Shows the list of keys (also for a visible "keyboard shortcuts" button). */
export function openCheatSheet() {
  install();
  sheet?.open();
}

class CheatSheet extends ConsoleElement {
  open() {
    this.requestUpdate();
    this.updateComplete.then(() => this.querySelector("dialog")?.showModal());
  }

  close() {
    this.querySelector("dialog")?.close();
  }

  render() {
    const shown = [GENERAL, ...groups];
    return html`<dialog class="hotkeys" aria-labelledby="hotkeys-title">
      <h2 id="hotkeys-title">${t("hotkeys.title")}</h2>
      ${shown.map((group) => html`<h3>${t(group.title)}</h3>
        <dl class="hotkeys-list">
          ${group.keys.map((k) => html`<div><dt><kbd>${k.key}</kbd></dt><dd>${t(k.label)}</dd></div>`)}
          ${group === GENERAL ? html`<div><dt><kbd>Esc</kbd></dt><dd>${t("hotkeys.closeHelp")}</dd></div>` : ""}
        </dl>`)}
      <p class="muted">${t("hotkeys.notWhileTyping")}</p>
      <div class="actions"><button type="button" class="button" @click=${this.close}>${t("common.close")}</button></div>
    </dialog>`;
  }
}

customElements.define("cz-hotkeys", CheatSheet);
// `?` works on every page from the start, not only once a page has registered keys.
install();
