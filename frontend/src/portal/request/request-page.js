// The request form: the question the URL names. A question reached out of order (a bookmarked
// later step with an empty draft) still shows; the check page catches what is missing.
import { html } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import "./category-page.js";
import "./description-page.js";
import "./photos-page.js";
import "./location-page.js";
import "./contact-page.js";
import "./check-page.js";
import "./done-page.js";

export class RequestPage extends ConsoleElement {
  static properties = { step: {} };

  constructor() {
    super();
    /** @type {import("./steps.js").Step} */
    this.step = "category";
  }

  render() {
    switch (this.step) {
      case "category": return html`<cz-category-page></cz-category-page>`;
      case "description": return html`<cz-description-page></cz-description-page>`;
      case "photos": return html`<cz-photos-page></cz-photos-page>`;
      case "location": return html`<cz-location-page></cz-location-page>`;
      case "contact": return html`<cz-contact-page></cz-contact-page>`;
      case "check": return html`<cz-check-page></cz-check-page>`;
      default: return html`<cz-done-page></cz-done-page>`;
    }
  }
}

customElements.define("cz-request-page", RequestPage);
