// A chosen file made ready to send: photos redrawn on a canvas at most 2048 px on their long side
// (smaller uploads on a phone's connection, and the canvas copy carries no EXIF: no location or
// camera details leave the phone unless the citizen chose to send the location), with a small
// preview kept as a data: URL (allowed by the page's CSP, unlike blob: URLs).
import { readGps } from "./exif.js";
import { uuid } from "./draft.js";

const LONG_SIDE = 2048;
const PREVIEW_SIDE = 160;
export const MAX_PHOTOS = 5;
/** What the file inputs offer: any photo the phone takes, MP4 videos. */
export const ACCEPT = "image/*,video/mp4";

/**
 * @typedef {import("./draft.js").DraftFile} DraftFile
 * @typedef {{ entry: DraftFile, blob: Blob }} Prepared
 */

/** @param {File} file */
export function isVideo(file) {
  return file.type.startsWith("video/");
}

/**
 * @param {File} file
 * @returns {Promise<Prepared>}
 */
export async function prepare(file) {
  const id = uuid();
  if (isVideo(file)) {
    return { entry: { id, kind: "VIDEO", name: file.name, type: file.type, size: file.size, preview: null, gps: null }, blob: file };
  }
  const gps = await readGps(file);
  const drawn = await redraw(file);
  // A format the browser cannot draw (HEIC outside Safari): sent as it is, the server converts it.
  const blob = drawn?.blob ?? file;
  const name = drawn ? file.name.replace(/\.\w+$/, "") + ".jpg" : file.name;
  return { entry: { id, kind: "PHOTO", name, type: blob.type || file.type, size: blob.size, preview: drawn?.preview ?? null, gps }, blob };
}

/** @param {File} file */
async function redraw(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
  const blob = await toBlob(draw(bitmap, LONG_SIDE), "image/jpeg", 0.85);
  const preview = draw(bitmap, PREVIEW_SIDE).toDataURL("image/jpeg", 0.7);
  bitmap.close();
  return blob ? { blob, preview } : null;
}

/** @param {ImageBitmap} bitmap @param {number} side */
function draw(bitmap, side) {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  // Exported as JPEG, which has no transparency: a transparent PNG would turn black without this.
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** @param {HTMLCanvasElement} canvas @param {string} type @param {number} quality @returns {Promise<Blob | null>} */
function toBlob(canvas, type, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}
