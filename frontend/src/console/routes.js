// Which page each console URL shows, and who may see it.
import { html } from "lit";
import { t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { href, match } from "../kit/router.js";
import "../tickets/queue-page.js";
import "../tickets/ticket-page.js";
import "../tickets/create-page.js";
import "../stats/dashboard-page.js";
import "./admin-page.js";

/** @typedef {import("../kit/roles.js").Ability} Ability */
/** @typedef {(params: Record<string, string>) => unknown} Render */

/** @type {[string, Ability | null, Render][]} */
const ROUTES = [
  ["/sign-in", null, () => html`<cz-sign-in></cz-sign-in>`],
  ["/", "queue", () => html`<cz-queue></cz-queue>`],
  ["/tickets/new", "create", () => html`<cz-create-ticket></cz-create-ticket>`],
  ["/tickets/:id", "queue", (p) => html`<cz-ticket-page .ticketId=${p.id}></cz-ticket-page>`],
  ["/dashboard", "dashboard", () => html`<cz-dashboard></cz-dashboard>`],
  ["/admin/templates", "templates", () => html`<cz-admin-page .section=${"templates"}></cz-admin-page>`],
  ["/admin/:section", "admin", (p) => html`<cz-admin-page .section=${p.section}></cz-admin-page>`],
];

/**
 * The page for `path`, or a "not found" / "not allowed" page.
 * @param {string} path
 * @param {import("../auth/session.js").Me | null} user
 */
export function routeFor(path, user) {
  for (const [pattern, ability, render] of ROUTES) {
    const params = match(pattern, path);
    if (!params) continue;
    if (ability && !user) return "";
    if (ability && !can(user, ability)) return message("page.forbidden.title", "page.forbidden.body");
    return render(params);
  }
  return message("page.notFound.title", "page.notFound.body");
}

/** @param {string} title @param {string} body */
function message(title, body) {
  return html`<section class="page narrow">
    <h1>${t(title)}</h1>
    <p>${t(body)}</p>
    <p><a href=${href("/")}>${t("page.backHome")}</a></p>
  </section>`;
}
