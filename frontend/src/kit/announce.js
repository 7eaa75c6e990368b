// One polite live region for the whole console: "saved", "ticket assigned to you"… reach screen
// reader users as well as everyone else (the same text is shown in the status bar).
export const ANNOUNCED = "cozum:announce";

/** @param {string} message @param {"info" | "error"} [kind] */
export function announce(message, kind = "info") {
  window.dispatchEvent(new CustomEvent(ANNOUNCED, { detail: { message, kind } }));
}
