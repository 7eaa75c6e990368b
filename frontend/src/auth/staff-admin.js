// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class StaffAdmin extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-staff-admin</h1></section>`;
  }
}

customElements.define("cz-staff-admin", StaffAdmin);
