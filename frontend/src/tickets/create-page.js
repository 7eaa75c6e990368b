// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class CreateTicketPage extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-create-ticket</h1></section>`;
  }
}

customElements.define("cz-create-ticket", CreateTicketPage);
