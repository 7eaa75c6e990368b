// Sign-in: e-mail and password, errors summarised at the top (focused), back to where the user
// was going afterwards.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t, userErrorText } from "../kit/i18n.js";
import { homePath } from "../kit/roles.js";
import { currentQuery, href, navigate } from "../kit/router.js";
import { setPageTitle } from "../kit/title.js";
import { signIn } from "./session.js";

export class SignInPage extends ConsoleElement {
  static properties = { error: { state: true }, busy: { state: true } };

  constructor() {
    super();
    /** @type {string | null} */
    this.error = null;
    this.busy = false;
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.target);
    const data = new FormData(form);
    this.busy = true;
    this.error = null;
    try {
      const payload = await signIn(String(data.get("email") ?? ""), String(data.get("password") ?? ""));
      if (payload.user) {
        const next = currentQuery().get("next");
        navigate(next && next.startsWith("/console/") && !next.startsWith("//") ? next : href(homePath(payload.user)), { replace: true });
        return;
      }
      this.error = payload.userErrors.map(userErrorText).join(" ") || t("signIn.failed");
    } catch {
      this.error = t("common.networkError");
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector(".error-summary"))?.focus();
  }

  render() {
    setPageTitle(t("signIn.title"));
    const expired = currentQuery().get("expired") === "1";
    return html`<section class="page narrow sign-in">
      <h1>${t("signIn.title")}</h1>
      ${expired && !this.error ? html`<p class="notice" role="status">${t("signIn.expired")}</p>` : ""}
      ${this.error ? html`<div class="error-summary" tabindex="-1" role="alert">
            <h2>${t("form.errorSummary")}</h2>
            <p>${this.error}</p>
          </div>` : ""}
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="sign-in-email">${t("signIn.email")}</label>
          <input id="sign-in-email" name="email" type="email" autocomplete="username" required>
        </div>
        <div class="field">
          <label for="sign-in-password">${t("signIn.password")}</label>
          <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required>
        </div>
        <button class="button" type="submit" ?disabled=${this.busy}>${t("signIn.submit")}</button>
      </form>
    </section>`;
  }
}

customElements.define("cz-sign-in", SignInPage);
