// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class TicketPage extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-ticket-page</h1></section>`;
  }
}

customElements.define("cz-ticket-page", TicketPage);
