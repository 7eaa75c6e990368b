// The tracking page (/track#r=…&s=…): the request's status, department, expected date, public
// timeline and photos, kept current through the requestStatus subscription; and what the citizen
// may do next: add information, reopen, answer the satisfaction question. Without a fragment, a
// small form asks for the reference and the tracking code.
import { html, nothing } from "lit";
import { LIVE_STATE } from "../../kit/api.js";
import { ConsoleElement } from "../../kit/element.js";
import { LANGUAGE_CHANGED, t } from "../../kit/i18n.js";
import { PORTAL_ROUTE, trackingFragment } from "../router.js";
import { follow, track } from "./track-query.js";
import { statusPanel, trackedDetails } from "./track-details.js";
import "./track-form.js";
import "./track-add.js";
import "./track-reopen.js";
import "./track-satisfaction.js";

/** @typedef {import("./track-query.js").Tracked} Tracked @typedef {import("./track-query.js").Keys} Keys */

// The socket outlives a page (back to the form and here again): its state is kept from the start.
let lastLiveState = "connecting";
window.addEventListener(LIVE_STATE, (e) => (lastLiveState = /** @type {CustomEvent} */ (e).detail));

export class TrackPage extends ConsoleElement {
  static properties = { state: { state: true }, tracked: { state: true }, liveState: { state: true } };

  constructor() {
    super();
    /** @type {"ask" | "loading" | "shown" | "unknown" | "failed"} */
    this.state = "ask";
    /** @type {Tracked | null} */
    this.tracked = null;
    this.liveState = lastLiveState;
    /** @type {Keys | null} */
    this.keys = null;
    /** @type {(() => void) | null} */
    this.stop = null;
  }

  #restart = () => this.start();
  #live = (/** @type {Event} */ e) => (this.liveState = /** @type {CustomEvent} */ (e).detail);

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(LANGUAGE_CHANGED, this.#restart);
    window.addEventListener(PORTAL_ROUTE, this.#restart);
    window.addEventListener("hashchange", this.#restart);
    window.addEventListener(LIVE_STATE, this.#live);
    this.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(LANGUAGE_CHANGED, this.#restart);
    window.removeEventListener(PORTAL_ROUTE, this.#restart);
    window.removeEventListener("hashchange", this.#restart);
    window.removeEventListener(LIVE_STATE, this.#live);
    this.stop?.();
  }

  async start() {
    this.stop?.();
    this.stop = null;
    const { reference, secret } = trackingFragment();
    if (!reference || !secret) {
      this.keys = null;
      this.state = "ask";
      return;
    }
    const keys = { reference, secret };
    this.keys = keys;
    this.state = this.tracked ? this.state : "loading";
    try {
      const found = await track(keys);
      if (this.keys !== keys) return;
      this.tracked = found;
      this.state = found ? "shown" : "unknown";
    } catch {
      if (this.keys === keys) this.state = "failed";
      return;
    }
    if (!this.tracked) return;
    // Every public change arrives as the whole request again, in this page's language.
    this.stop = follow(keys, { next: (request) => this.keys === keys && (this.tracked = request) });
  }

  updated() {
    // The heading names the request once it has loaded; the tab's title follows it.
    const heading = this.querySelector("h1")?.textContent?.trim();
    if (heading) document.title = `${heading} — Çözüm`;
  }

  /** @param {CustomEvent<Tracked>} event an action's answer: the request as it is now */
  changed(event) {
    this.tracked = event.detail;
  }

  render() {
    // One heading element throughout: the frame focused it on arrival, before the request loaded.
    const heading = this.state === "shown" && this.tracked
      ? t("portal.track.requestTitle", { reference: this.tracked.reference })
      : t("portal.track.title");
    return html`<h1 tabindex="-1">${heading}</h1>${this.body()}`;
  }

  body() {
    if (this.state === "ask" || this.state === "unknown") {
      return html`${this.state === "unknown" ? html`<p class="notice warning" role="alert">${t("portal.track.unknown")}</p>` : nothing}
        <cz-track-form></cz-track-form>`;
    }
    if (this.state === "failed") {
      return html`<p class="notice warning" role="alert">${t("common.networkError")}</p>
        <button type="button" class="button" @click=${() => this.start()}>${t("common.retry")}</button>`;
    }
    if (!this.tracked || !this.keys) return html`<p role="status">${t("common.loading")}</p>`;
    const tracked = this.tracked;
    // What the citizen may do comes right after where the request stands; the history below.
    return html`<p class="live-state live-${this.liveState}">${t(`portal.live.${this.liveState}`)}</p>
      ${statusPanel(tracked)}
      <div @tracked=${this.changed}>
        ${tracked.canAnswerSatisfaction || tracked.satisfaction
          ? html`<cz-track-satisfaction .keys=${this.keys} .tracked=${tracked}></cz-track-satisfaction>` : nothing}
        ${tracked.canReopen ? html`<cz-track-reopen .keys=${this.keys}></cz-track-reopen>` : nothing}
        ${tracked.closedAt ? nothing : html`<cz-track-add .keys=${this.keys}></cz-track-add>`}
      </div>
      ${trackedDetails(tracked)}`;
  }
}

customElements.define("cz-track-page", TrackPage);
