// Placeholder until the page is built.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";

export class AuditLogPage extends ConsoleElement {
  render() {
    return html`<section class="page"><h1>cz-audit-log</h1></section>`;
  }
}

customElements.define("cz-audit-log", AuditLogPage);
