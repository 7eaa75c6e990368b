// A map to place one pin on, for any form that asks "where?". Leaflet and its stylesheet are
// loaded only when a map is first shown: most pages never need them. The tiles come from the
// deployment's configuration (the page's `cozum-config` meta names it: /console/config.json for the
// console, /config.json for the portal); without tiles, or offline, the map still
// takes a pin on a blank background and the caller is told, so it can say so.
import iconUrl from "leaflet/dist/images/marker-icon.png";
import iconRetinaUrl from "leaflet/dist/images/marker-icon-2x.png";
import shadowUrl from "leaflet/dist/images/marker-shadow.png";

/**
 * @typedef {{ mapTileUrl: string | null, mapAttribution: string | null, mapCenter: [number, number] }} MapConfig
 * @typedef {{ latitude: number, longitude: number }} Point
 * @typedef {"none" | "error"} TilesProblem  none: not configured; error: a tile failed (offline?)
 * @typedef {{ map: string, pin: string, zoomIn: string, zoomOut: string }} MapLabels
 * @typedef {{
 *   setPin: (point: Point | null) => void,
 *   centre: () => Point,
 *   remove: () => void,
 * }} PinMap
 */

const FALLBACK = /** @type {MapConfig} */ ({ mapTileUrl: null, mapAttribution: null, mapCenter: [39.92, 32.85] });
const STYLE_META = 'meta[name="cozum-map-style"]';
const CONFIG_META = 'meta[name="cozum-config"]';
const ZOOM = 13;

/** @type {Promise<MapConfig> | null} */
let config = null;

/** The deployment's map settings (fetched once); the fallback when they cannot be read. */
export function mapConfig() {
  // Static configuration, not GraphQL: the one request of the console that bypasses api.js.
  const url = /** @type {HTMLMetaElement | null} */ (document.querySelector(CONFIG_META))?.content ?? "/console/config.json";
  config ??= fetch(url, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : FALLBACK))
    .then((body) => ({ ...FALLBACK, ...body }))
    .catch(() => FALLBACK);
  return config;
}

/** @type {Promise<void> | null} */
let style = null;

/** Links the map stylesheet the build named in the page (a <link> is allowed by the CSP). */
function loadStyle() {
  style ??= new Promise((resolve) => {
    const href = /** @type {HTMLMetaElement | null} */ (document.querySelector(STYLE_META))?.content;
    if (!href) return resolve();
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => resolve());
    document.head.append(link);
  });
  return style;
}

/**
 * Shows a map in `container`; a tap or click places the pin (never dragging only: WCAG 2.5.7).
 * Rejects when Leaflet itself cannot be loaded (the chunk is unreachable).
 * @param {HTMLElement} container
 * @param {{ labels: MapLabels, onPick: (point: Point) => void, onTilesProblem: (problem: TilesProblem) => void }} options
 * @returns {Promise<PinMap>}
 */
export async function mountMap(container, { labels, onPick, onTilesProblem }) {
  const [leaflet, settings] = await Promise.all([import("leaflet"), mapConfig(), loadStyle()]);
  // Leaflet 1.9 is CommonJS: in a chunk of its own, esbuild hands it over as the default export.
  const L = /** @type {typeof import("leaflet")} */ (/** @type {any} */ (leaflet).default ?? leaflet);
  const map = L.map(container, { center: settings.mapCenter, zoom: ZOOM, zoomControl: false });
  L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
  container.classList.add("map-picker");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", labels.map);
  addTiles(L, map, settings, onTilesProblem);

  const icon = L.icon({ iconUrl, iconRetinaUrl, shadowUrl, iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41] });
  /** @type {import("leaflet").Marker | null} */
  let marker = null;
  /** @param {Point | null} point */
  const setPin = (point) => {
    marker?.remove();
    // Not interactive: a click on the pin goes to the map and moves it; no extra tab stop.
    marker = point ? L.marker([point.latitude, point.longitude], { icon, alt: labels.pin, interactive: false, keyboard: false }).addTo(map) : null;
  };
  map.on("click", (event) => {
    const point = { latitude: round(event.latlng.lat), longitude: round(event.latlng.lng) };
    setPin(point);
    onPick(point);
  });
  return {
    setPin,
    centre: () => {
      const { lat, lng } = map.getCenter();
      return { latitude: round(lat), longitude: round(lng) };
    },
    remove: () => map.remove(),
  };
}

/**
 * @param {typeof import("leaflet")} L
 * @param {import("leaflet").Map} map
 * @param {MapConfig} settings
 * @param {(problem: TilesProblem) => void} onTilesProblem
 */
function addTiles(L, map, settings, onTilesProblem) {
  if (!settings.mapTileUrl) {
    onTilesProblem("none");
    return;
  }
  const layer = L.tileLayer(settings.mapTileUrl, { attribution: settings.mapAttribution ?? "", maxZoom: 19 });
  layer.once("tileerror", () => onTilesProblem("error"));
  layer.addTo(map);
}

/** Six decimals: about 10 cm, more than a pin on a screen can mean. */
function round(/** @type {number} */ degrees) {
  return Math.round(degrees * 1e6) / 1e6;
}
