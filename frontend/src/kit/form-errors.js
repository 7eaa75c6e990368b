// A form's errors, the GOV.UK way: a summary at the top that takes focus and links to each field,
// and the same message beside the field, which is marked aria-invalid.
import { html, nothing } from "lit";
import { has, t, userErrorText } from "./i18n.js";

/**
 * `field` is the input's name as the form knows it (null: about the whole form).
 * @typedef {{ field: string | null, message: string }} FormError
 */

/**
 * Server userErrors as form errors. A form may word an error about one of its fields more
 * precisely than the generic text: `<area>.<field>.<CODE>` in the catalogue wins.
 * @param {import("./api.js").UserError[]} userErrors
 * @param {string} [area] e.g. "admin.error"
 * @param {Record<string, string>} [aliases] the server's field name → the form's
 * @returns {FormError[]}
 */
export function fromUserErrors(userErrors, area = "", aliases = {}) {
  return userErrors.map((error) => {
    const last = error.field?.at(-1) ?? null;
    const field = last === null || last === "input" ? null : aliases[last] ?? last;
    const specific = `${area}.${field}.${error.code}`;
    return { field, message: area && field && has(specific) ? t(specific) : userErrorText(error) };
  });
}

/** A request that failed as a whole (network, permissions, a fault) as one form error. */
export function fromFailure(/** @type {unknown} */ error) {
  const code = /** @type {{ code?: string }} */ (error)?.code;
  const message = code && has(`error.${code}`) ? t(`error.${code}`) : t("common.networkError");
  return [{ field: null, message }];
}

/** @param {Event} event */
function jump(event) {
  event.preventDefault();
  const id = /** @type {HTMLAnchorElement} */ (event.currentTarget).hash.slice(1);
  document.getElementById(id)?.focus();
}

/**
 * @param {FormError[]} errors
 * @param {string} prefix field `f` has the id `${prefix}-${f}`
 */
export function errorSummary(errors, prefix) {
  if (!errors.length) return nothing;
  return html`<div class="error-summary" tabindex="-1" role="alert">
    <h2>${t("form.errorSummary")}</h2>
    <ul>
      ${errors.map((e) => e.field && document.getElementById(`${prefix}-${e.field}`)
        ? html`<li><a href="#${prefix}-${e.field}" @click=${jump}>${e.message}</a></li>`
        : html`<li>${e.message}</li>`)}
    </ul>
  </div>`;
}

/** @param {FormError[]} errors @param {string} field */
export function errorOf(errors, field) {
  return errors.find((e) => e.field === field)?.message ?? null;
}

/** The message shown under a field, with the id its input's aria-describedby names. */
export function fieldError(/** @type {FormError[]} */ errors, /** @type {string} */ field, /** @type {string} */ id) {
  const message = errorOf(errors, field);
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : nothing;
}

/** aria-describedby for a field: its hint (when it has one) and its error (when there is one). */
export function describedBy(/** @type {FormError[]} */ errors, /** @type {string} */ field, /** @type {string} */ id, hint = false) {
  const ids = [hint ? `${id}-hint` : "", errorOf(errors, field) ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : nothing;
}

export function invalid(/** @type {FormError[]} */ errors, /** @type {string} */ field) {
  return errorOf(errors, field) ? "true" : "false";
}

/** After a failed submit: the summary takes focus, so the user hears what went wrong. */
export async function focusSummary(/** @type {import("lit").ReactiveElement} */ host) {
  await host.updateComplete;
  /** @type {HTMLElement | null} */ (host.querySelector(".error-summary"))?.focus();
}
