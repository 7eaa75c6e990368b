// One modal <dialog> at a time per element. The native dialog keeps focus inside and closes on
// Escape; this adds what it leaves to us: opening once rendered, focus on the first control of a
// body that renders after the dialog opened, and focus back on the control that opened it once
// it is closed.
import { ReactiveElement, html } from "lit";
import { t } from "./i18n.js";

/**
 * @template T
 */
export class Modal {
  /** @param {import("lit").ReactiveControllerHost & HTMLElement} host */
  constructor(host) {
    this.host = host;
    /** @type {T | null} what the open dialog is about */
    this.value = null;
    /** @type {Element | null} */
    this.opener = null;
    /** While true, Escape does not close the dialog (a request is under way). */
    this.busy = false;
    host.addController(this);
  }

  /** @param {T} value */
  open(value) {
    this.opener = document.activeElement;
    this.value = value;
    this.host.requestUpdate();
  }

  /** Closes the dialog (its `close` event then forgets the value and restores focus). */
  close() {
    const dialog = this.dialog();
    if (dialog?.open) dialog.close();
    else this.closed();
  }

  closed = () => {
    const opener = this.opener;
    this.value = null;
    this.busy = false;
    this.host.requestUpdate();
    this.host.updateComplete.then(() => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    });
  };

  /** @param {Event} event */
  cancelled = (event) => {
    if (this.busy) event.preventDefault();
  };

  dialog() {
    return /** @type {HTMLDialogElement | null} */ (this.host.querySelector("dialog.modal"));
  }

  hostUpdated() {
    const dialog = this.dialog();
    if (this.value === null || !dialog || dialog.open) return;
    dialog.showModal();
    this.focusInside(dialog);
  }

  /**
   * The dialog's body is often an element of its own, rendered after the dialog opened (so the
   * dialog's own focusing found nothing): once it is there, focus what it marks `autofocus`, or
   * its first control.
   * @param {HTMLDialogElement} dialog
   */
  async focusInside(dialog) {
    await rendered(dialog);
    if (!dialog.open || (document.activeElement !== dialog && dialog.contains(document.activeElement))) return;
    const target = dialog.querySelector("[autofocus]") ?? dialog.querySelector("input:not([readonly]), select, textarea, button");
    /** @type {HTMLElement | null} */ (target)?.focus();
  }

  /**
   * After the dialog's content changed (a key or a password to show): focus `selector` in it.
   * @param {string} selector
   */
  async focus(selector) {
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialog();
    if (!dialog) return;
    await rendered(dialog);
    /** @type {HTMLElement | null} */ (dialog.querySelector(selector))?.focus();
  }

  /**
   * The dialog itself, rendered only while open.
   * @param {string} id the heading's id
   * @param {string} title
   * @param {unknown} body
   */
  render(id, title, body) {
    if (this.value === null) return "";
    return html`<dialog class="modal" aria-labelledby=${id} @close=${this.closed} @cancel=${this.cancelled}>
      <h2 id=${id}>${title}</h2>
      ${body}
    </dialog>`;
  }
}

/** Resolves once every element inside `root` has rendered. */
async function rendered(/** @type {Element} */ root) {
  const children = [...root.querySelectorAll("*")].filter((e) => e instanceof ReactiveElement);
  await Promise.all(children.map((e) => /** @type {ReactiveElement} */ (e).updateComplete));
}

/** The close button of a dialog that has nothing left to do (a key or password shown once). */
export function closeButton(/** @type {Modal<any>} */ modal) {
  return html`<button type="button" class="button" @click=${() => modal.close()}>${t("common.close")}</button>`;
}
