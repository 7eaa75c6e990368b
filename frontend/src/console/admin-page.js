// Administration: one tab per thing an ADMIN manages; each tab is its own element.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { href } from "../kit/router.js";
import { setPageTitle } from "../kit/title.js";
import "../departments/departments-admin.js";
import "../departments/categories-admin.js";
import "../auth/staff-admin.js";
import "../auth/api-keys-admin.js";
import "../audit/audit-log-page.js";
import "../notifications/templates-admin.js";
import "../webhooks/webhooks-admin.js";
import { can } from "../kit/roles.js";
import { currentUser } from "../auth/session.js";

const SECTIONS = /** @type {const} */ (["categories", "departments", "staff", "api-keys", "webhooks", "audit", "templates"]);
/** Sections that need more than the administration ability. */
const NEEDS = /** @type {Record<string, import("../kit/roles.js").Ability>} */ ({ templates: "templates" });

export class AdminPage extends ConsoleElement {
  static properties = { section: {} };

  constructor() {
    super();
    this.section = "categories";
  }

  render() {
    setPageTitle(t(`admin.${this.section}.title`));
    return html`<section class="page">
      <h1>${t("admin.title")}</h1>
      <nav class="tabs" aria-label=${t("admin.sections")}>
        <ul>
          ${SECTIONS.filter((s) => !NEEDS[s] || can(currentUser(), NEEDS[s])).map((s) => html`<li><a href=${href(`/admin/${s}`)} aria-current=${s === this.section ? "page" : "false"}>${t(`admin.${s}.title`)}</a></li>`)}
        </ul>
      </nav>
      ${this.body()}
    </section>`;
  }

  body() {
    switch (this.section) {
      case "categories": return html`<cz-categories-admin></cz-categories-admin>`;
      case "departments": return html`<cz-departments-admin></cz-departments-admin>`;
      case "staff": return html`<cz-staff-admin></cz-staff-admin>`;
      case "api-keys": return html`<cz-api-keys-admin></cz-api-keys-admin>`;
      case "webhooks": return html`<cz-webhooks-admin></cz-webhooks-admin>`;
      case "audit": return html`<cz-audit-log></cz-audit-log>`;
      case "templates": return html`<cz-templates-admin></cz-templates-admin>`;
      default: return html`<p>${t("page.notFound.body")}</p>`;
    }
  }
}

customElements.define("cz-admin-page", AdminPage);
