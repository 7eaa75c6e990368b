// "Where is it?": the phone's position, the place a photo was taken, a tap on a map shown only
// when asked for (never by dragging: WCAG 2.5.7), or an address. Without map tiles or offline,
// the map still takes a tap and the address still works. The page may be skipped.
import { html, nothing } from "lit";
import { announce } from "../../kit/announce.js";
import { fieldError } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { inside, portalConfig } from "../config.js";
import { draft, update } from "./draft.js";
import { LocationMap } from "./location-map.js";
import { QuestionPage } from "./question.js";

/** @typedef {import("./draft.js").Point} Point @typedef {import("./draft.js").PointSource} PointSource */

/** Degrees as maps write them: a dot in either language, five decimals (about a metre). */
export function degrees(/** @type {Point} */ point) {
  return `${Number(point.latitude.toFixed(5))}, ${Number(point.longitude.toFixed(5))}`;
}

export class LocationPage extends QuestionPage {
  static properties = { ...QuestionPage.properties, locating: { state: true }, showMap: { state: true }, bounds: { state: true } };

  constructor() {
    super("location");
    this.locating = false;
    this.showMap = false;
    /** @type {import("../config.js").Bounds | null} */
    this.bounds = null;
  }

  connectedCallback() {
    super.connectedCallback();
    portalConfig().then((config) => (this.bounds = config.bounds));
  }

  /** @param {Point | null} point @param {PointSource | null} source */
  pin(point, source) {
    update({ location: { ...draft().location, point, source } });
    this.errors = [];
    this.requestUpdate();
    /** @type {LocationMap | null} */ (this.querySelector("cz-location-map"))?.requestUpdate();
    announce(point ? t("portal.location.chosen", { where: degrees(point), source: t(`portal.location.source.${source}`) }) : t("portal.location.cleared"));
  }

  locate() {
    if (!("geolocation" in navigator)) {
      this.errors = [{ field: "device", message: t("portal.location.noDevice") }];
      return;
    }
    this.locating = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.locating = false;
        const { latitude, longitude } = position.coords;
        this.pin({ latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 }, "device");
      },
      () => {
        this.locating = false;
        this.errors = [{ field: "device", message: t("portal.location.deviceFailed") }];
      },
      // A fresh fix: the citizen may have walked to the problem since the last one.
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  }

  /** @param {Event} event */
  typed(event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    update({ location: { ...draft().location, [input.name]: input.value } });
    this.requestUpdate();
  }

  validate() {
    const { point } = draft().location;
    if (point && !inside(this.bounds, point)) return [{ field: "location", message: t("portal.location.outside") }];
    return [];
  }

  photoOffer() {
    const photo = draft().files.find((f) => f.gps);
    const { point, source } = draft().location;
    if (!photo?.gps || (source === "photo" && point)) return nothing;
    const gps = photo.gps;
    return html`<div class="offer" role="group" aria-labelledby="q-photo-offer">
      <h2 id="q-photo-offer">${t("portal.location.photoOffer")}</h2>
      <p>${t("portal.location.photoOfferText", { name: photo.name, where: degrees(gps) })}</p>
      <button type="button" class="button secondary" @click=${() => this.pin(gps, "photo")}>${t("portal.location.usePhoto")}</button>
    </div>`;
  }

  chosen() {
    const { point, source } = draft().location;
    return html`<p class="chosen" id="q-location" tabindex="-1" data-testid="chosen-location">
        ${point ? t("portal.location.chosen", { where: degrees(point), source: t(`portal.location.source.${source}`) }) : t("portal.location.none")}
      </p>
      ${fieldError(this.errors, "location", "q-location")}
      ${point ? html`<button type="button" class="link-button" @click=${() => this.pin(null, null)}>${t("portal.location.clear")}</button>` : nothing}`;
  }

  render() {
    const { address, neighbourhood } = draft().location;
    return this.frame(html`<h1 tabindex="-1">${t("portal.location.title")}</h1>
      <p class="hint">${t("portal.location.hint")}</p>
      ${this.photoOffer()}
      ${this.chosen()}
      <div class="location-ways">
        <button type="button" class="button secondary" id="q-device" ?disabled=${this.locating} @click=${this.locate}>
          ${this.locating ? t("portal.location.locating") : t("portal.location.useDevice")}
        </button>
        ${fieldError(this.errors, "device", "q-device")}
        ${this.showMap
          ? html`<cz-location-map .onPick=${(/** @type {Point} */ p) => this.pin(p, "map")}></cz-location-map>`
          : html`<button type="button" class="button secondary" @click=${() => (this.showMap = true)}>${t("portal.location.showMap")}</button>`}
      </div>
      <h2>${t("portal.location.addressTitle")}</h2>
      <div class="field">
        <label for="q-address">${t("portal.location.address")}</label>
        <p class="hint" id="q-address-hint">${t("portal.location.addressHint")}</p>
        <input type="text" id="q-address" name="address" autocomplete="street-address" aria-describedby="q-address-hint" .value=${address} @input=${this.typed}>
      </div>
      <div class="field">
        <label for="q-neighbourhood">${t("portal.location.neighbourhood")}</label>
        <input type="text" id="q-neighbourhood" name="neighbourhood" .value=${neighbourhood} @input=${this.typed}>
      </div>`,
      draft().location.point || address ? t("portal.continue") : t("portal.location.skip"));
  }
}

customElements.define("cz-location-page", LocationPage);
