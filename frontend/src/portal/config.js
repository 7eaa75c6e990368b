// The deployment's settings the portal needs (from /config.json, the same fetch as the map's):
// the municipality's bounds for locations and the upload limits, checked here before sending
// so a citizen on a slow connection is not made to wait for a refusal.
import { mapConfig } from "../kit/map.js";

/**
 * @typedef {{ south: number, west: number, north: number, east: number }} Bounds
 * @typedef {import("../kit/map.js").MapConfig & { bounds: Bounds | null, maxPhotoBytes: number, maxVideoBytes: number }} PortalConfig
 */

const DEFAULTS = { bounds: null, maxPhotoBytes: 10 * 1024 * 1024, maxVideoBytes: 50 * 1024 * 1024 };

/** @returns {Promise<PortalConfig>} */
export async function portalConfig() {
  return { ...DEFAULTS, ...(await mapConfig()) };
}

/** @param {Bounds | null} bounds @param {{ latitude: number, longitude: number }} point */
export function inside(bounds, point) {
  if (!bounds) return true;
  return point.latitude >= bounds.south && point.latitude <= bounds.north && point.longitude >= bounds.west && point.longitude <= bounds.east;
}
