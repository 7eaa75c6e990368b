// The console's frame: who is signed in, the navigation, the live connection state, and the
// page the URL names. Signed-out users are sent to sign in and brought back where they were.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { LIVE_STATE, SESSION_EXPIRED } from "../kit/api.js";
import { ANNOUNCED } from "../kit/announce.js";
import { language, setLanguage, t } from "../kit/i18n.js";
import { can, homePath } from "../kit/roles.js";
import { ROUTE_CHANGED, currentPath, currentQuery, href, interceptLinks, navigate } from "../kit/router.js";
import { USER_CHANGED, currentUser, forget, loadMe, signOut } from "../auth/session.js";
import { routeFor } from "./routes.js";
import "../auth/sign-in-page.js";

export class ConsoleApp extends ConsoleElement {
  static properties = {
    ready: { state: true },
    liveState: { state: true },
    message: { state: true },
  };

  constructor() {
    super();
    this.ready = false;
    this.liveState = "connecting";
    /** @type {{ message: string, kind: string } | null} */
    this.message = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.messageTimer = undefined;
    this.routedPath = currentPath();
  }

  connectedCallback() {
    super.connectedCallback();
    interceptLinks(this);
    window.addEventListener(ROUTE_CHANGED, () => this.routed());
    window.addEventListener(USER_CHANGED, () => this.requestUpdate());
    window.addEventListener(LIVE_STATE, (e) => (this.liveState = /** @type {CustomEvent} */ (e).detail));
    window.addEventListener(ANNOUNCED, (e) => this.show(/** @type {CustomEvent} */ (e).detail));
    window.addEventListener(SESSION_EXPIRED, () => this.expired());
    loadMe()
      .catch(() => null)
      .finally(() => {
        this.ready = true;
        this.guard();
      });
  }

  /** @param {{ message: string, kind: string }} message */
  show(message) {
    this.message = message;
    clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => (this.message = null), 8000);
  }

  expired() {
    if (!currentUser()) return;
    forget();
    this.toSignIn(true);
  }

  /** @param {boolean} expired */
  toSignIn(expired) {
    const next = location.pathname + location.search;
    const query = new URLSearchParams();
    if (!next.startsWith(href("/sign-in"))) query.set("next", next);
    if (expired) query.set("expired", "1");
    navigate(href("/sign-in", query), { replace: true });
  }

  /** Signed-out users may see only the sign-in page; signed-in ones never see it. */
  guard() {
    const user = currentUser();
    const onSignIn = currentPath() === "/sign-in";
    if (!user && !onSignIn) this.toSignIn(false);
    else if (user && onSignIn) navigate(safeNext(currentQuery().get("next")) ?? href(homePath(user)), { replace: true });
  }

  routed() {
    this.guard();
    this.requestUpdate();
    // After a page change, reading starts at the new page, as after a full load. A new query on
    // the same page (a filter of the queue) leaves focus on the control the user just changed.
    const path = currentPath();
    if (path === this.routedPath) return;
    this.routedPath = path;
    this.updateComplete.then(() => /** @type {HTMLElement | null} */ (this.querySelector("#main"))?.focus({ preventScroll: true }));
  }

  async signOut() {
    await signOut().catch(() => null);
    navigate(href("/sign-in"), { replace: true });
  }

  toggleLanguage() {
    setLanguage(language() === "tr" ? "en" : "tr");
  }

  render() {
    if (!this.ready) return html`<p class="loading" role="status">${t("common.loading")}</p>`;
    const user = currentUser();
    const route = routeFor(currentPath(), user);
    return html`
      <a class="skip-link" href="#main">${t("shell.skip")}</a>
      <header class="topbar">
        <a class="brand" href=${href("/")}>Çözüm</a>
        ${user ? this.navigation(user) : ""}
        <div class="topbar-end">
          ${user ? html`<span class="live live-${this.liveState}" role="status">${t(`live.${this.liveState}`)}</span>` : ""}
          ${user ? html`<span class="who" data-testid="who">
                <span class="who-name">${user.name}</span>
                <span class="who-role">${t(`role.${user.role}`)}</span>
                ${user.department ? html`<span class="who-dept">${language() === "en" ? user.department.nameEn : user.department.nameTr}</span>` : ""}
              </span>` : ""}
          <button type="button" class="link-button" lang=${language() === "tr" ? "en" : "tr"} @click=${this.toggleLanguage}>
            ${t("shell.otherLanguage")}
          </button>
          ${user ? html`<button type="button" class="button secondary" @click=${this.signOut}>${t("shell.signOut")}</button>` : ""}
        </div>
      </header>
      <div class="status-bar" role="status" aria-live="polite">
        ${this.message ? html`<p class="flash flash-${this.message.kind}">${this.message.message}</p>` : ""}
      </div>
      <main id="main" tabindex="-1">${route}</main>
    `;
  }

  /** @param {import("../auth/session.js").Me} user */
  navigation(user) {
    const path = currentPath();
    /** @type {[string, string, boolean][]} */
    const links = [
      ["/", "nav.queue", can(user, "queue")],
      ["/tickets/new", "nav.create", can(user, "create")],
      ["/dashboard", "nav.dashboard", can(user, "dashboard")],
      ["/admin/categories", "nav.admin", can(user, "admin")],
    ];
    const active = (/** @type {string} */ to) =>
      to === "/" ? path === "/" : to.startsWith("/admin") ? path.startsWith("/admin") : path === to;
    return html`<nav class="mainnav" aria-label=${t("nav.label")}>
      <ul>
        ${links.filter(([, , allowed]) => allowed).map(([to, label]) => html`<li>
            <a href=${href(to)} aria-current=${active(to) ? "page" : "false"}>${t(label)}</a>
          </li>`)}
      </ul>
    </nav>`;
  }
}

/** Only a path inside the console may be a destination after sign-in (no open redirect). */
function safeNext(/** @type {string | null} */ next) {
  if (!next || !next.startsWith("/console/") || next.startsWith("//")) return null;
  return next;
}

customElements.define("cz-console", ConsoleApp);
