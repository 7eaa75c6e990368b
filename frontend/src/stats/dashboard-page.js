// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class DashboardPage extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-dashboard</h1></section>`;
  }
}

customElements.define("cz-dashboard", DashboardPage);
