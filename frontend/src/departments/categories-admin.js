// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class CategoriesAdmin extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-categories-admin</h1></section>`;
  }
}

customElements.define("cz-categories-admin", CategoriesAdmin);
