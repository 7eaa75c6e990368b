// The base of every console element: light DOM, so labels, ids and the one stylesheet reach the
// fields (a shadow root would cut `<label for>` from its input), and a re-render on language change.
import { LitElement } from "lit";
import { LANGUAGE_CHANGED } from "./i18n.js";

export class ConsoleElement extends LitElement {
  createRenderRoot() {
    return this;
  }

  #relabel = () => this.requestUpdate();

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(LANGUAGE_CHANGED, this.#relabel);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(LANGUAGE_CHANGED, this.#relabel);
  }
}
