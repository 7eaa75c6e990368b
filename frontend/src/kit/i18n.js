// Turkish by default, English by a switch the user keeps. Every label lives in both catalogues
// (a test checks that their keys agree); a missing key shows itself, so it is noticed.
/** @typedef {"tr" | "en"} Lang */

// Each front end brings its own catalogues (console/catalogues.js, portal/catalogues.js), so the
// portal does not carry the console's labels; they are added before anything renders.
const CATALOGUES = /** @type {Record<Lang, Record<string, string>>} */ ({ tr: {}, en: {} });

/** @param {Record<string, string>[]} tr @param {Record<string, string>[]} en one file per area */
export function addCatalogues(tr, en) {
  Object.assign(CATALOGUES.tr, ...tr);
  Object.assign(CATALOGUES.en, ...en);
}

const STORAGE_KEY = "cozum.language";
export const LANGUAGE_CHANGED = "cozum:language";

/** @type {Lang} */
let current = localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "tr";
document.documentElement.lang = current;

export function language() {
  return current;
}

/** The GraphQL `Language` enum value for the current language. */
export function graphqlLanguage() {
  return current === "en" ? "EN" : "TR";
}

/** @param {Lang} lang */
export function setLanguage(lang) {
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  window.dispatchEvent(new CustomEvent(LANGUAGE_CHANGED, { detail: lang }));
}

/**
 * @param {string} key
 * @param {Record<string, string | number>} [params] replaces `{name}` placeholders
 */
export function t(key, params) {
  const text = CATALOGUES[current][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether the catalogue has `key` (for optional labels such as enum values). */
export function has(key) {
  return key in CATALOGUES[current];
}

/** A userError in the user's language when its code is known, else the server's words. */
export function userErrorText(/** @type {{ code: string, message: string }} */ error) {
  return has(`error.${error.code}`) ? t(`error.${error.code}`) : error.message;
}

function locale() {
  return current === "tr" ? "tr-TR" : "en-GB";
}

/** @param {string | null | undefined} iso */
export function formatDateTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** @param {number} value */
export function formatNumber(value) {
  return new Intl.NumberFormat(locale()).format(value);
}

/** "3 hours ago" / "in 2 days", rounded to the largest sensible unit. */
export function formatRelative(/** @type {string} */ iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units = /** @type {const} */ ([["day", 86400], ["hour", 3600], ["minute", 60]]);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), "minute");
}

/** Case-insensitive comparison the Turkish way (İ/i, I/ı). */
export function fold(/** @type {string} */ text) {
  return text.toLocaleLowerCase(current === "tr" ? "tr" : "en");
}
