// The KVKK information notice (aydınlatma metni, Law No. 6698 art. 10) shown where personal data
// is asked for. Its version goes with the request, so the municipality knows which text the
// citizen read; change the version whenever the wording in portal.json changes.
import { html } from "lit";
import { t } from "../../kit/i18n.js";

export const PRIVACY_NOTICE_VERSION = "2026-12";
const FULL_TEXT_PARAGRAPHS = 6;

export function privacyNotice() {
  return html`<section class="privacy" aria-labelledby="privacy-title">
    <h2 id="privacy-title">${t("portal.privacy.title")}</h2>
    <p>${t("portal.privacy.short")}</p>
    <details>
      <summary>${t("portal.privacy.more")}</summary>
      ${Array.from({ length: FULL_TEXT_PARAGRAPHS }, (_, i) => html`<p>${t(`portal.privacy.full.${i + 1}`)}</p>`)}
      <p class="hint">${t("portal.privacy.version", { version: PRIVACY_NOTICE_VERSION })}</p>
    </details>
  </section>`;
}
