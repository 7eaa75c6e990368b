// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class ApiKeysAdmin extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-api-keys-admin</h1></section>`;
  }
}

customElements.define("cz-api-keys-admin", ApiKeysAdmin);
