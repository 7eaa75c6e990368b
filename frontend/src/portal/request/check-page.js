// "Check your answers", then send. Each answer has a "change" link back to its question; errors
// (the browser's checks again, or the server's) link to the row they are about. Offline, the
// draft stays here and is sent when the connection is back.
import { html, nothing } from "lit";
import { ConsoleElement } from "../../kit/element.js";
import { errorSummary, focusSummary } from "../../kit/form-errors.js";
import { LANGUAGE_CHANGED, t } from "../../kit/i18n.js";
import { go } from "../router.js";
import { categories } from "./categories.js";
import { contactErrors } from "./contact-page.js";
import { DESCRIPTION_MAX } from "./description-page.js";
import { draft } from "./draft.js";
import { degrees } from "./location-page.js";
import { fileSize } from "./photos-page.js";
import { pathOf } from "./steps.js";
import { send } from "./submit.js";

/** @typedef {import("../../kit/form-errors.js").FormError} FormError */

/** Which row of this page an error about a field belongs to. */
const ROW_OF = /** @type {Record<string, string>} */ ({ name: "contact", phone: "contact", email: "contact", replyChannel: "contact" });

export class CheckPage extends ConsoleElement {
  static properties = { errors: { state: true }, sending: { state: true }, offline: { state: true }, categoryName: { state: true } };

  constructor() {
    super();
    /** @type {FormError[]} */
    this.errors = [];
    this.sending = false;
    this.offline = false;
    this.categoryName = "";
  }

  #online = () => {
    if (draft().pending) this.submit();
  };

  /** The category's name is the server's, in the page's language. */
  #relabel = () => this.named();

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener("online", this.#online);
    window.addEventListener(LANGUAGE_CHANGED, this.#relabel);
    this.offline = draft().pending;
    this.named();
    if (draft().pending && navigator.onLine) this.submit();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener("online", this.#online);
    window.removeEventListener(LANGUAGE_CHANGED, this.#relabel);
  }

  async named() {
    const list = await categories().catch(() => []);
    this.categoryName = list.find((c) => c.id === draft().categoryId)?.name ?? "";
  }

  /** @returns {FormError[]} */
  validate() {
    const answers = draft();
    /** @type {FormError[]} */
    const errors = [];
    if (!answers.categoryId) errors.push({ field: "category", message: t("portal.category.required") });
    if (!answers.description.trim()) errors.push({ field: "description", message: t("portal.description.required") });
    else if (answers.description.trim().length > DESCRIPTION_MAX) errors.push({ field: "description", message: t("portal.description.tooLong", { max: DESCRIPTION_MAX }) });
    return [...errors, ...contactErrors(answers)];
  }

  async submit() {
    if (this.sending) return;
    this.errors = this.validate().map((e) => ({ ...e, field: e.field && (ROW_OF[e.field] ?? e.field) }));
    if (this.errors.length) return focusSummary(this);
    this.sending = true;
    const outcome = await send().finally(() => (this.sending = false));
    if ("sent" in outcome) {
      go(pathOf("done"), { replace: true });
      return;
    }
    this.offline = "offline" in outcome;
    this.errors = "errors" in outcome ? outcome.errors.map((e) => ({ ...e, field: e.field && (ROW_OF[e.field] ?? e.field) })) : [];
    if (this.errors.length) await focusSummary(this);
  }

  /** @param {string} row @param {string} label @param {unknown} value @param {import("./steps.js").Step} step */
  row(row, label, value, step) {
    const error = this.errors.find((e) => e.field === row)?.message;
    return html`<div class="summary-row ${error ? "has-error" : ""}">
      <dt>${label}</dt>
      <dd>${value}${error ? html`<p class="field-error">${error}</p>` : nothing}</dd>
      <dd class="change"><a id="q-${row}" href=${pathOf(step, true)}>${t("portal.check.change")}<span class="visually-hidden"> ${label}</span></a></dd>
    </div>`;
  }

  render() {
    const answers = draft();
    const { point, source, address, neighbourhood } = answers.location;
    const none = html`<span class="muted">${t("portal.check.none")}</span>`;
    const place = [point ? `${degrees(point)} (${t(`portal.location.source.${source}`)})` : "", address, neighbourhood].filter(Boolean);
    const contact = [answers.name, answers.phone, answers.email].map((s) => s.trim()).filter(Boolean);
    return html`<a class="back-link" href=${pathOf("contact")}>${t("portal.back")}</a>
      ${errorSummary(this.errors, "q")}
      <h1 tabindex="-1">${t("portal.check.title")}</h1>
      <dl class="summary">
        ${this.row("category", t("portal.check.category"), this.categoryName || none, "category")}
        ${this.row("description", t("portal.check.description"), html`<span class="pre">${answers.description}</span>`, "description")}
        ${this.row("photos", t("portal.check.photos"), answers.files.length ? html`<ul class="thumbs">${answers.files.map((f) => html`<li>
          ${f.preview ? html`<img src=${f.preview} alt=${t("portal.photos.preview", { name: f.name })}>` : html`${f.name} (${fileSize(f.size)})`}</li>`)}</ul>` : none, "photos")}
        ${this.row("location", t("portal.check.location"), place.length ? place.map((line) => html`<span class="line">${line}</span>`) : none, "location")}
        ${this.row("contact", t("portal.check.reply"), html`<span class="line">${t(`portal.contact.channel.${answers.replyChannel || "NONE"}`)}</span>
          ${contact.map((line) => html`<span class="line">${line}</span>`)}`, "contact")}
      </dl>
      <h2>${t("portal.check.sendTitle")}</h2>
      <p>${t("portal.check.sendText")}</p>
      ${this.offline ? html`<p class="notice warning" role="status" data-testid="offline">${t("portal.check.offline")}</p>` : nothing}
      <button type="button" class="button" ?disabled=${this.sending} @click=${() => this.submit()}>
        ${this.sending ? t("portal.check.sending") : t("portal.check.send")}
      </button>`;
  }
}

customElements.define("cz-check-page", CheckPage);
