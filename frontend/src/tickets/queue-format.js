// Small pieces of the queue's rows: names in the reader's language and the due-date badges.
import { html } from "lit";
import { language, t } from "../kit/i18n.js";

/** @type {Map<string, Intl.DateTimeFormat>} one per language and year style: 50 rows, 2 formatters */
const shortFormats = new Map();

/** "5 Ara 14:42": the year only when it is not this one (a queue's dates are mostly near). */
export function formatShort(/** @type {string} */ iso) {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  const key = `${language()}:${sameYear}`;
  let format = shortFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language() === "en" ? "en-GB" : "tr-TR", {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...(sameYear ? {} : { year: "numeric" }),
    });
    shortFormats.set(key, format);
  }
  return format.format(date);
}

/** A department or category name in the current language. */
export function nameOf(/** @type {{ nameTr: string, nameEn: string } | null | undefined} */ thing) {
  if (!thing) return "";
  return language() === "en" ? thing.nameEn : thing.nameTr;
}

/**
 * By name in the current language, as a person would scan a list.
 * @template {{ nameTr: string, nameEn: string }} T
 * @param {T[]} things
 */
export function byName(things) {
  const locale = language() === "en" ? "en" : "tr";
  return [...things].sort((a, b) => nameOf(a).localeCompare(nameOf(b), locale));
}

// "Due soon" gives a day's warning: most categories' deadlines run for days.
const DUE_SOON_MS = 24 * 3600 * 1000;

/** The due badge's kind: overdue, due soon, or none (closed and held tickets have no clock). */
export function dueKind(/** @type {import("./queue-api.js").QueueRow} */ row, now = Date.now()) {
  if (row.closedAt || !row.dueAt || row.status === "ON_HOLD") return "";
  if (row.overdue) return "overdue";
  return new Date(row.dueAt).getTime() - now <= DUE_SOON_MS ? "due-soon" : "";
}

export function dueBadge(/** @type {import("./queue-api.js").QueueRow} */ row) {
  const kind = dueKind(row);
  if (kind === "overdue") return html`<span class="badge overdue">${t("queue.due.overdue")}</span>`;
  if (kind === "due-soon") return html`<span class="badge due-soon">${t("queue.due.soon")}</span>`;
  return "";
}
