// Where the problem is: an address, a neighbourhood, and a pin on the map — placed by a tap or a
// click, or from the keyboard by panning the map and using its centre (never by dragging only,
// WCAG 2.5.7). Without map tiles, or offline, a notice says so and address entry carries on.
import { html } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { mountMap } from "../kit/map.js";

/**
 * @typedef {{ address: string, neighbourhood: string, latitude: number | null, longitude: number | null }} LocationValue
 * @typedef {import("../kit/map.js").PinMap} PinMap
 */

export const LOCATION_CHANGED = "cz-location-change";

export class CreateLocation extends ConsoleElement {
  static properties = {
    value: { attribute: false },
    errors: { attribute: false },
    mapState: { state: true },
    map: { state: true },
  };

  constructor() {
    super();
    /** @type {LocationValue} */
    this.value = { address: "", neighbourhood: "", latitude: null, longitude: null };
    /** @type {Record<string, string>} */
    this.errors = {};
    /** @type {"loading" | "ready" | "none" | "error" | "failed"} */
    this.mapState = "loading";
    /** @type {PinMap | null} */
    this.map = null;
  }

  firstUpdated() {
    const container = /** @type {HTMLElement} */ (this.querySelector("#create-map"));
    mountMap(container, {
      labels: { map: t("create.map.label"), pin: t("create.map.pin"), zoomIn: t("create.map.zoomIn"), zoomOut: t("create.map.zoomOut") },
      onPick: (point) => this.change(point),
      onTilesProblem: (problem) => (this.mapState = problem),
    }).then(
      (map) => {
        if (!this.isConnected) return map.remove();
        this.map = map;
        if (this.mapState === "loading") this.mapState = "ready";
        if (this.value.latitude !== null && this.value.longitude !== null) map.setPin({ latitude: this.value.latitude, longitude: this.value.longitude });
      },
      () => (this.mapState = "failed"),
    );
  }

  updated() {
    // Leaflet labelled the map once; a language switch relabels it.
    if (this.map) this.querySelector("#create-map")?.setAttribute("aria-label", t("create.map.label"));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.map?.remove();
    this.map = null;
  }

  /** @param {Partial<LocationValue>} part */
  change(part) {
    this.dispatchEvent(new CustomEvent(LOCATION_CHANGED, { detail: { ...this.value, ...part }, bubbles: true }));
  }

  useCentre() {
    if (!this.map) return;
    const point = this.map.centre();
    this.map.setPin(point);
    this.change(point);
  }

  clearPin() {
    this.map?.setPin(null);
    this.change({ latitude: null, longitude: null });
  }

  /** @param {Event} event */
  typed(event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    this.change({ [input.name]: input.value });
  }

  render() {
    const { latitude, longitude } = this.value;
    const pinned = latitude !== null && longitude !== null;
    // Degrees as maps write them (a dot, in either language: a comma would run into the separator).
    const coordinates = (/** @type {number} */ n) => String(Number(n.toFixed(5)));
    return html`<section class="card create-location" aria-labelledby="create-location-title">
      <h2 id="create-location-title">${t("create.section.location")}</h2>
      <div class="grid-2">
        ${this.input("address", t("create.address"))}
        ${this.input("neighbourhood", t("create.neighbourhood"))}
      </div>
      ${this.notice()}
      <p class="hint muted" id="create-map-hint">${t("create.map.hint")}</p>
      <div id="create-map" class="map create-map" aria-describedby="create-map-hint" ?hidden=${this.mapState === "failed"}></div>
      <p class="create-pin" id="create-pin" role="status" data-testid="pin">
        ${pinned ? t("create.map.pinAt", { latitude: coordinates(latitude), longitude: coordinates(longitude) }) : t("create.map.noPin")}
      </p>
      ${this.errors.location ? html`<p class="field-error" id="create-location-error">${this.errors.location}</p>` : ""}
      <div class="actions create-map-actions" ?hidden=${this.mapState === "failed"}>
        <button type="button" class="button secondary" id="create-map-centre" ?disabled=${!this.map}
          aria-describedby=${this.errors.location ? "create-location-error" : "create-map-hint"} @click=${this.useCentre}>${t("create.map.useCentre")}</button>
        ${pinned ? html`<button type="button" class="button secondary" @click=${this.clearPin}>${t("create.map.clear")}</button>` : ""}
      </div>
    </section>`;
  }

  notice() {
    if (!["none", "error", "failed"].includes(this.mapState)) return "";
    return html`<p class="notice warning" role="status" data-testid="map-notice">${t(`create.map.${this.mapState}`)}</p>`;
  }

  /** @param {"address" | "neighbourhood"} name @param {string} label */
  input(name, label) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for="create-${name}">${label}</label>
      ${error ? html`<p class="field-error" id="create-${name}-error">${error}</p>` : ""}
      <input type="text" id="create-${name}" name=${name} .value=${this.value[name]} autocomplete="off"
        aria-invalid=${error ? "true" : "false"} aria-describedby=${ifDefined(error ? `create-${name}-error` : undefined)} @input=${this.typed}>
    </div>`;
  }
}

customElements.define("cz-create-location", CreateLocation);
