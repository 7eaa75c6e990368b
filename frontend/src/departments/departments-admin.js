// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class DepartmentsAdmin extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-departments-admin</h1></section>`;
  }
}

customElements.define("cz-departments-admin", DepartmentsAdmin);
