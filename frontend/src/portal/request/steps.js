// The order of the questions, GOV.UK style: one question per page, each with a back link, then
// the answers to check. "Change" links on the check page come back to it (?from=check).
export const STEPS = /** @type {const} */ (["category", "description", "photos", "location", "contact", "check"]);

/** @typedef {typeof STEPS[number] | "done"} Step */

/** @param {string} step */
export function isStep(step) {
  return step === "done" || /** @type {readonly string[]} */ (STEPS).includes(step);
}

/** @param {Step} step */
export function pathOf(step, fromCheck = false) {
  return `/request/${step}${fromCheck ? "?from=check" : ""}`;
}

export function fromCheck() {
  return new URLSearchParams(location.search).get("from") === "check";
}

/** Where "continue" leads from `step`. */
export function nextPath(/** @type {Step} */ step) {
  if (fromCheck()) return pathOf("check");
  const index = STEPS.indexOf(/** @type {any} */ (step));
  return pathOf(STEPS[Math.min(index + 1, STEPS.length - 1)]);
}

/** Where the back link leads from `step`: the previous question, or the start page. */
export function backPath(/** @type {Step} */ step) {
  if (fromCheck()) return pathOf("check");
  const index = STEPS.indexOf(/** @type {any} */ (step));
  return index <= 0 ? "/" : pathOf(STEPS[index - 1]);
}
