// The request being written: every answer, kept in this browser as it is typed, so that a reload,
// a closed tab or a lost connection does not lose it. Text in localStorage, files in IndexedDB.
import { clearFiles, removeFile } from "./file-store.js";

const STORAGE_KEY = "cozum.portal.draft";
export const DRAFT_CHANGED = "cozum:draft";

/**
 * @typedef {{ latitude: number, longitude: number }} Point
 * @typedef {"device" | "photo" | "map"} PointSource
 * @typedef {{ point: Point | null, source: PointSource | null, address: string, neighbourhood: string }} DraftLocation
 * @typedef {{ id: string, kind: "PHOTO" | "VIDEO", name: string, type: string, size: number, preview: string | null, gps: Point | null }} DraftFile
 * @typedef {"WHATSAPP" | "SMS" | "EMAIL" | "NONE"} ReplyChoice
 * @typedef {{
 *   categoryId: string, categoryCode: string, description: string, location: DraftLocation,
 *   files: DraftFile[], name: string, phone: string, email: string, replyChannel: ReplyChoice | "",
 *   idempotencyKey: string | null, pending: boolean,
 * }} Draft
 */

/** @returns {Draft} */
function empty() {
  return {
    categoryId: "", categoryCode: "", description: "",
    location: { point: null, source: null, address: "", neighbourhood: "" },
    files: [], name: "", phone: "", email: "", replyChannel: "",
    idempotencyKey: null, pending: false,
  };
}

/** @returns {Draft} */
function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    return stored ? { ...empty(), ...stored, location: { ...empty().location, ...stored.location } } : empty();
  } catch {
    return empty();
  }
}

let current = load();

export function draft() {
  return current;
}

/** Whether the citizen has started a request (for "continue where you left off"). */
export function started() {
  return Boolean(current.categoryId || current.description || current.files.length);
}

/**
 * Changes answers. A change after a send attempt is a different request: the old idempotency
 * key would be refused for it, so a new one is made when it is sent, and a send left waiting
 * for the connection is not made by itself any more — the citizen sends the new answers.
 * @param {Partial<Draft>} changes
 */
export function update(changes) {
  const sending = "idempotencyKey" in changes || "pending" in changes;
  current = { ...current, ...(sending ? {} : { idempotencyKey: null, pending: false }), ...changes };
  save();
}

// Another tab changed or sent the draft: this tab follows, so the same answers are never sent
// twice under two keys.
window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY) return;
  current = load();
  window.dispatchEvent(new CustomEvent(DRAFT_CHANGED));
});

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Storage full or refused: the draft still lives in this page.
  }
  window.dispatchEvent(new CustomEvent(DRAFT_CHANGED));
}

/** The key this request is sent with, the same for every retry of the same answers. */
export function idempotencyKey() {
  if (!current.idempotencyKey) update({ idempotencyKey: uuid() });
  return /** @type {string} */ (current.idempotencyKey);
}

/** @param {string} id */
export async function dropFile(id) {
  update({ files: current.files.filter((f) => f.id !== id) });
  await removeFile(id);
}

export async function discard() {
  current = empty();
  localStorage.removeItem(STORAGE_KEY);
  await clearFiles();
  window.dispatchEvent(new CustomEvent(DRAFT_CHANGED));
}

/** crypto.randomUUID needs a secure context; a plain-http test address gets the same from random bytes. */
export function uuid() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
