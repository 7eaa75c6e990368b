// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class QueuePage extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-queue</h1></section>`;
  }
}

customElements.define("cz-queue", QueuePage);
