// Where a photo was taken, read from the original file's EXIF GPS tags before the photo is
// resized (the canvas copy that is uploaded has no EXIF at all). JPEG only: the APP1 segment's
// TIFF header, IFD0's pointer to the GPS IFD, then latitude and longitude as degrees, minutes and
// seconds (three RATIONALs) with their N/S and E/W references.

/** APP1 sits near the start and is at most 64 KiB: no need to read a whole 10 MB photo. */
const HEAD_BYTES = 128 * 1024;
const GPS_IFD_POINTER = 0x8825;
const TAG = { latitudeRef: 1, latitude: 2, longitudeRef: 3, longitude: 4 };

/**
 * @param {Blob} file
 * @returns {Promise<{ latitude: number, longitude: number } | null>}
 */
export async function readGps(file) {
  try {
    const view = new DataView(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const tiff = exifTiffStart(view);
    return tiff === null ? null : gpsOf(view, tiff);
  } catch {
    // A truncated or odd file: no location, the photo itself is still fine.
    return null;
  }
}

/** The offset of the TIFF header inside the APP1 "Exif" segment, or null. */
function exifTiffStart(/** @type {DataView} */ view) {
  if (view.getUint16(0) !== 0xffd8) return null;
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda || marker === 0xffd9) return null;
    const size = view.getUint16(offset + 2);
    if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966 && view.getUint16(offset + 8) === 0) return offset + 10;
    offset += 2 + size;
  }
  return null;
}

/** @param {DataView} view @param {number} tiff */
function gpsOf(view, tiff) {
  const little = view.getUint16(tiff) === 0x4949;
  if (view.getUint16(tiff + 2, little) !== 42) return null;
  const u16 = (/** @type {number} */ at) => view.getUint16(tiff + at, little);
  const u32 = (/** @type {number} */ at) => view.getUint32(tiff + at, little);
  /** Each 12-byte entry of the IFD at `ifd`: tag → the entry's offset. */
  const entries = (/** @type {number} */ ifd) => {
    const found = new Map();
    for (let i = 0, count = u16(ifd); i < count; i++) found.set(u16(ifd + 2 + i * 12), ifd + 2 + i * 12);
    return found;
  };
  const gpsPointer = entries(u32(4)).get(GPS_IFD_POINTER);
  if (gpsPointer === undefined) return null;
  const gps = entries(u32(gpsPointer + 8));
  /** An ASCII reference of one character ("N", "E"…), stored inside the entry itself. */
  const ref = (/** @type {number} */ tag) => (gps.has(tag) ? String.fromCharCode(view.getUint8(tiff + gps.get(tag) + 8)) : "");
  /** Three RATIONALs (degrees, minutes, seconds) at the offset the entry names. */
  const degrees = (/** @type {number} */ tag) => {
    if (!gps.has(tag)) return null;
    const at = u32(gps.get(tag) + 8);
    const [d, m, s] = [0, 1, 2].map((i) => u32(at + i * 8) / (u32(at + i * 8 + 4) || 1));
    return d + m / 60 + s / 3600;
  };
  const latitude = degrees(TAG.latitude);
  const longitude = degrees(TAG.longitude);
  if (latitude === null || longitude === null || latitude > 90 || longitude > 180) return null;
  // 0,0 is what some cameras write when they had no fix.
  if (latitude === 0 && longitude === 0) return null;
  return {
    latitude: round((ref(TAG.latitudeRef) === "S" ? -1 : 1) * latitude),
    longitude: round((ref(TAG.longitudeRef) === "W" ? -1 : 1) * longitude),
  };
}

function round(/** @type {number} */ value) {
  return Math.round(value * 1e6) / 1e6;
}
