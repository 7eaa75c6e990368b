// "What is it about?": the municipality's categories in plain words, each with a line of help,
// "Other" last. The server's category list decides what is offered.
import { html, nothing } from "lit";
import { describedBy, fieldError } from "../../kit/form-errors.js";
import { has, language, t } from "../../kit/i18n.js";
import { categories as publicCategories } from "./categories.js";
import { draft, update } from "./draft.js";
import { QuestionPage } from "./question.js";

/** @typedef {import("./categories.js").PublicCategory} PublicCategory */

export class CategoryPage extends QuestionPage {
  static properties = { ...QuestionPage.properties, categories: { state: true }, failed: { state: true } };

  constructor() {
    super("category");
    /** @type {PublicCategory[] | null} */
    this.categories = null;
    this.failed = false;
    this.loadedIn = "";
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    this.failed = false;
    this.loadedIn = language();
    try {
      this.categories = await publicCategories();
    } catch {
      this.failed = true;
    }
  }

  willUpdate() {
    // Names come from the server in the page's language.
    if (this.categories && this.loadedIn !== language()) this.load();
  }

  validate() {
    return draft().categoryId ? [] : [{ field: "category", message: t("portal.category.required") }];
  }

  /** @param {PublicCategory} category */
  choose(category) {
    update({ categoryId: category.id, categoryCode: category.code });
  }

  /** @param {PublicCategory} category */
  help(category) {
    const key = `portal.categoryHelp.${category.code}`;
    if (category.remit === "EXTERNAL" && category.externalInstitution) {
      return t("portal.category.external", { institution: category.externalInstitution });
    }
    return has(key) ? t(key) : "";
  }

  choices() {
    if (this.failed) {
      return html`<p class="notice warning" role="alert">${t("portal.category.failed")}</p>
        <button type="button" class="button secondary" @click=${this.load}>${t("common.retry")}</button>`;
    }
    if (!this.categories) return html`<p role="status">${t("common.loading")}</p>`;
    const chosen = draft().categoryId;
    return html`<div class="radios">
      ${this.categories.map((category, index) => {
        const id = index === 0 ? "q-category" : `q-category-${index}`;
        const help = this.help(category);
        return html`<div class="radio">
          <input type="radio" name="category" id=${id} .checked=${chosen === category.id}
            aria-describedby=${help ? `${id}-help` : nothing} @change=${() => this.choose(category)}>
          <label for=${id}>${category.name}</label>
          ${help ? html`<p class="hint" id="${id}-help">${help}</p>` : nothing}
        </div>`;
      })}
    </div>`;
  }

  render() {
    // One structure while loading and after: the heading the frame focused stays the same element.
    return this.frame(html`<fieldset class="field" aria-describedby=${describedBy(this.errors, "category", "q-category", true)}>
      <legend><h1 tabindex="-1">${t("portal.category.title")}</h1></legend>
      <p class="hint" id="q-category-hint">${t("portal.category.hint")}</p>
      ${fieldError(this.errors, "category", "q-category")}
      ${this.choices()}
    </fieldset>`);
  }
}

customElements.define("cz-category-page", CategoryPage);
