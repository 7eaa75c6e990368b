// The portal's frame: the header with the language switch, the page the URL names, one polite
// live region, and focus moved to the new page's heading on every page change (a screen reader
// hears where it landed, a keyboard starts from the top).
import { ReactiveElement, html } from "lit";
import { ANNOUNCED } from "../kit/announce.js";
import { ConsoleElement } from "../kit/element.js";
import { language, setLanguage, t } from "../kit/i18n.js";
import { PORTAL_ROUTE, currentPath, interceptLinks } from "./router.js";
import { isStep } from "./request/steps.js";
import "./start-page.js";
import "./request/request-page.js";
import "./track/track-page.js";

export class PortalApp extends ConsoleElement {
  static properties = { announcement: { state: true } };

  constructor() {
    super();
    this.announcement = "";
    this.moved = false;
  }

  connectedCallback() {
    super.connectedCallback();
    interceptLinks(this);
    window.addEventListener(PORTAL_ROUTE, () => {
      this.moved = true;
      this.requestUpdate();
    });
    window.addEventListener(ANNOUNCED, (e) => {
      // Cleared first, so the same words said twice are announced twice.
      this.announcement = "";
      requestAnimationFrame(() => (this.announcement = /** @type {CustomEvent} */ (e).detail.message));
    });
  }

  async updated() {
    await settled(this);
    const heading = /** @type {HTMLElement | null} */ (this.querySelector("main h1"));
    document.title = heading?.textContent?.trim() ? `${heading.textContent.trim()} — Çözüm` : "Çözüm";
    if (!this.moved) return;
    this.moved = false;
    window.scrollTo(0, 0);
    heading?.focus();
  }

  page() {
    const path = currentPath();
    if (path === "/") return html`<cz-start-page></cz-start-page>`;
    if (path === "/track") return html`<cz-track-page></cz-track-page>`;
    const step = path.match(/^\/request\/([\w-]+)$/)?.[1];
    if (step && isStep(step)) return html`<cz-request-page .step=${/** @type {any} */ (step)}></cz-request-page>`;
    return html`<h1 tabindex="-1">${t("portal.notFound.title")}</h1><p><a href="/">${t("portal.notFound.home")}</a></p>`;
  }

  render() {
    const other = language() === "tr" ? "en" : "tr";
    return html`<a class="skip-link" href="#main">${t("shell.skip")}</a>
      <header class="portal-header">
        <a class="brand" href="/">${t("portal.brand")}</a>
        <button type="button" class="lang-switch" lang=${other} @click=${() => setLanguage(other)}>${t("portal.otherLanguage")}</button>
      </header>
      <main id="main" tabindex="-1">${this.page()}</main>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      <footer class="portal-footer">
        <p>${t("portal.footer")}</p>
      </footer>`;
  }
}

customElements.define("cz-portal", PortalApp);

/** Resolves once the page's elements, nested ones too, have rendered. */
async function settled(/** @type {Element} */ root) {
  for (let depth = 0; depth < 4; depth++) {
    const elements = [...root.querySelectorAll("*")].filter((e) => e instanceof ReactiveElement);
    const pending = await Promise.all(elements.map((e) => /** @type {ReactiveElement} */ (e).updateComplete));
    if (pending.every(Boolean)) return;
  }
}
