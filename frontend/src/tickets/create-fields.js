// Small templates the create form repeats: a labelled field with its hint and error, the
// choices of an enum, and the error summary whose links take the operator to each field.
import { html } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import { t } from "../kit/i18n.js";
import { fieldId } from "./create-form.js";

/** @typedef {import("./create-form.js").Problem} Problem */

/**
 * The ids a control is described by: its hint, then its error.
 * @param {string} id
 * @param {{ hint?: unknown, error?: string }} parts
 */
export function describedBy(id, { hint, error }) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ifDefined(ids.length ? ids.join(" ") : undefined);
}

/**
 * @param {{ id: string, label: string, hint?: unknown, error?: string, extra?: unknown }} options
 * @param {unknown} control the input, select or textarea (with `id`)
 */
export function field({ id, label, hint, error, extra }, control) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ""}
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ""}
    ${control}
    ${extra ?? ""}
  </div>`;
}

/**
 * <option>s for an enum, labelled from the common catalogue (`status.NEW`, …).
 * @param {string} prefix
 * @param {string[]} values
 * @param {string} selected
 */
export function enumOptions(prefix, values, selected) {
  return values.map((value) => html`<option value=${value} ?selected=${value === selected}>${t(`${prefix}.${value}`)}</option>`);
}

/** @param {Event} event */
function toField(event) {
  const link = /** @type {HTMLAnchorElement} */ (event.currentTarget);
  const target = document.getElementById(link.hash.slice(1));
  if (!target) return;
  // The console's router takes every same-page link; this one only moves the focus.
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: "center" });
}

/** @param {Problem[]} problems */
export function errorSummary(problems) {
  if (!problems.length) return "";
  return html`<div class="error-summary" tabindex="-1" role="alert" aria-labelledby="create-errors-title">
    <h2 id="create-errors-title">${t("form.errorSummary")}</h2>
    <ul>
      ${problems.map((p) => html`<li>${fieldId(p.field)
          ? html`<a href="#${fieldId(p.field)}" @click=${toField}>${p.message}</a>`
          : p.message}</li>`)}
    </ul>
  </div>`;
}
