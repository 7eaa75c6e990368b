// The map of the location page, mounted when the citizen asks for it (Leaflet is a chunk of its
// own). A tap or click places the pin; from the keyboard, pan and use the map's centre.
import { html, nothing } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import { t } from "../../kit/i18n.js";
import { mountMap } from "../../kit/map.js";
import { draft } from "./draft.js";

/** @typedef {import("./draft.js").Point} Point */

export class LocationMap extends ConsoleElement {
  static properties = { state: { state: true }, map: { state: true } };

  constructor() {
    super();
    /** @type {(point: Point) => void} */
    this.onPick = () => {};
    /** @type {"loading" | "ready" | "none" | "error" | "failed"} */
    this.state = "loading";
    /** @type {import("../../kit/map.js").PinMap | null} */
    this.map = null;
  }

  firstUpdated() {
    const container = /** @type {HTMLElement} */ (this.querySelector("#q-map"));
    mountMap(container, {
      labels: { map: t("portal.map.label"), pin: t("portal.map.pin"), zoomIn: t("portal.map.zoomIn"), zoomOut: t("portal.map.zoomOut") },
      onPick: (point) => this.onPick(point),
      onTilesProblem: (problem) => (this.state = problem),
    }).then(
      (map) => {
        if (!this.isConnected) return map.remove();
        this.map = map;
        if (this.state === "loading") this.state = "ready";
        map.setPin(draft().location.point);
        container.focus();
      },
      () => (this.state = "failed"),
    );
  }

  updated() {
    // The pin follows the draft (a photo's or the phone's position chosen after the map opened).
    this.map?.setPin(draft().location.point);
    if (this.map) this.querySelector("#q-map")?.setAttribute("aria-label", t("portal.map.label"));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.map?.remove();
    this.map = null;
  }

  useCentre() {
    if (this.map) this.onPick(this.map.centre());
  }

  render() {
    const problem = ["none", "error", "failed"].includes(this.state);
    return html`${problem ? html`<p class="notice warning" role="status" data-testid="map-notice">${t(`portal.map.${this.state}`)}</p>` : nothing}
      <p class="hint" id="q-map-hint">${t("portal.map.hint")}</p>
      <div id="q-map" class="map" aria-describedby="q-map-hint" ?hidden=${this.state === "failed"}></div>
      <button type="button" class="button secondary" ?hidden=${this.state === "failed"} ?disabled=${!this.map} @click=${this.useCentre}>
        ${t("portal.map.useCentre")}
      </button>`;
  }
}

customElements.define("cz-location-map", LocationMap);
