// The category choice: grouped by the department that handles it (and a group for what the
// municipality forwards elsewhere), names in the current language, and what choosing one means:
// where the request goes, how fast, at what priority.
import { html } from "lit";
import { language, t } from "../kit/i18n.js";

/** @typedef {import("./create-data.js").CategoryChoice} CategoryChoice */
/** @typedef {import("./create-data.js").DepartmentChoice} DepartmentChoice */

/** @param {{ nameTr: string, nameEn: string }} item */
export function nameOf(item) {
  return language() === "en" ? item.nameEn : item.nameTr;
}

/**
 * @template {{ nameTr: string, nameEn: string }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function byName(items) {
  const locale = language() === "en" ? "en" : "tr";
  return [...items].sort((a, b) => nameOf(a).localeCompare(nameOf(b), locale));
}

/**
 * @param {CategoryChoice[]} categories
 * @returns {[string, CategoryChoice[]][]} group label → its categories, groups by name
 */
function groups(categories) {
  /** @type {Map<string, CategoryChoice[]>} */
  const grouped = new Map();
  for (const category of byName(categories)) {
    const label = category.remit === "EXTERNAL" ? t("create.category.external")
      : category.department ? nameOf(category.department) : t("create.category.noDepartment");
    grouped.set(label, [...(grouped.get(label) ?? []), category]);
  }
  const locale = language() === "en" ? "en" : "tr";
  return [...grouped].sort(([a], [b]) => a.localeCompare(b, locale));
}

/**
 * The <option>s of the category select.
 * @param {CategoryChoice[]} categories
 * @param {string} selected
 */
export function categoryOptions(categories, selected) {
  return html`<option value="" ?selected=${!selected}>${t("create.category.choose")}</option>
    ${groups(categories).map(([label, members]) => html`<optgroup label=${label}>
        ${members.map((c) => html`<option value=${c.id} ?selected=${c.id === selected}>${nameOf(c)}</option>`)}
      </optgroup>`)}`;
}

/**
 * What the chosen category suggests: its department (or the institution it is forwarded to)
 * and its target time.
 * @param {CategoryChoice | undefined} category
 */
export function suggestion(category) {
  if (!category) return "";
  const where = category.remit === "EXTERNAL"
    ? t("create.suggest.external", { institution: category.externalInstitution ?? t("create.category.external") })
    : category.department ? t("create.suggest.department", { department: nameOf(category.department) })
      : t("create.suggest.noDepartment");
  return html`<p class="notice create-suggestion" id="create-category-suggestion" data-testid="category-suggestion">
    ${where}${category.slaHours ? html` <span class="muted">${t("create.suggest.sla", { hours: category.slaHours })}</span>` : ""}
  </p>`;
}

/**
 * The <option>s of the department override: first "as the category says", then every department.
 * @param {DepartmentChoice[]} departments
 * @param {CategoryChoice | undefined} category
 * @param {string} selected
 */
export function departmentOptions(departments, category, selected) {
  const fallback = category?.department && category.remit !== "EXTERNAL"
    ? t("create.department.default", { department: nameOf(category.department) })
    : t("create.department.defaultNone");
  return html`<option value="" ?selected=${!selected}>${fallback}</option>
    ${byName(departments).map((d) => html`<option value=${d.id} ?selected=${d.id === selected}>${nameOf(d)}</option>`)}`;
}
