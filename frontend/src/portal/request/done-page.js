// The answer: the reference, large and spaced to be read over the phone, the tracking link (its
// secret only in the fragment, never in a server's log), a copy button and what happens next.
import { html } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import { t } from "../../kit/i18n.js";
import "../../kit/shown-once.js";
import { trackingLink } from "../router.js";
import { lastSent } from "./submit.js";

export class DonePage extends ConsoleElement {
  render() {
    const sent = lastSent();
    if (!sent) {
      return html`<h1 tabindex="-1">${t("portal.done.nothing")}</h1>
        <p><a class="button" href="/request/category">${t("portal.start.begin")}</a></p>`;
    }
    const link = trackingLink(sent.reference, sent.secret);
    return html`<div class="panel" role="status">
        <h1 tabindex="-1">${t("portal.done.title")}</h1>
        <p>${t("portal.done.reference")}</p>
        <p class="reference" data-testid="reference">${sent.reference}</p>
      </div>
      <cz-shown-once .value=${link} .label=${t("portal.done.link")} .note=${t("portal.done.keep")} fieldId="tracking-link"></cz-shown-once>
      <p><a class="button" href=${link} data-testid="track-link">${t("portal.done.track")}</a></p>
      <h2>${t("portal.done.nextTitle")}</h2>
      <ol class="next-steps">
        <li>${t("portal.done.next1")}</li>
        <li>${t("portal.done.next2")}</li>
        <li>${t("portal.done.next3")}</li>
      </ol>
      <p><a href="/request/category" @click=${() => sessionStorage.removeItem("cozum.portal.sent")}>${t("portal.done.another")}</a></p>`;
  }
}

customElements.define("cz-done-page", DonePage);
