// Create a ticket for a caller, a walk-in, a petition, an e-mail, a social-media post or a CİMER
// application: the channel first, then who and what, then where. One idempotency key per filled
// form, so a double click or a retry after a lost answer still makes exactly one ticket.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t, userErrorText } from "../kit/i18n.js";
import { announce } from "../kit/announce.js";
import { href, navigate } from "../kit/router.js";
import { setPageTitle } from "../kit/title.js";
import { createTicket, loadChoices } from "./create-data.js";
import { emptyValues, fromServer, newIdempotencyKey, toInput, validate } from "./create-form.js";
import { errorSummary } from "./create-fields.js";
import { channelSection, contactSection, requestSection } from "./create-sections.js";
import { LOCATION_CHANGED } from "./create-location.js";
import { FILES_CHANGED, countProblem } from "./create-attachments.js";
import "./create-earlier.js";

/**
 * @typedef {import("./create-form.js").Values} Values
 * @typedef {import("./create-form.js").Problem} Problem
 * @typedef {Awaited<ReturnType<typeof loadChoices>>} Choices
 */

export class CreateTicketPage extends ConsoleElement {
  static properties = {
    values: { state: true },
    choices: { state: true },
    loadFailed: { state: true },
    problems: { state: true },
    busy: { state: true },
    files: { state: true },
  };

  constructor() {
    super();
    /** @type {Values} */
    this.values = emptyValues();
    /** @type {Choices | null} */
    this.choices = null;
    this.loadFailed = false;
    /** @type {Problem[]} */
    this.problems = [];
    this.busy = false;
    this.idempotencyKey = newIdempotencyKey();
    /** @type {File[]} photos or a video sent with the ticket */
    this.files = [];
    this.addEventListener(LOCATION_CHANGED, (event) => this.set(/** @type {CustomEvent} */ (event).detail));
    this.addEventListener(FILES_CHANGED, (event) => (this.files = /** @type {CustomEvent} */ (event).detail));
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    this.loadFailed = false;
    try {
      this.choices = await loadChoices();
    } catch {
      this.loadFailed = true;
    }
  }

  /** @param {Partial<Values>} part */
  set(part) {
    this.values = { ...this.values, ...part };
  }

  /** Inputs, selects and radios carry the value's name; one handler serves them all. */
  onInput = (/** @type {Event} */ event) => {
    const control = /** @type {HTMLInputElement} */ (event.target);
    if (control.name) this.set({ [control.name]: control.value });
  };

  category() {
    return this.choices?.categories.find((c) => c.id === this.values.categoryId);
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const problems = validate(this.values);
    const tooMany = countProblem(this.files);
    if (tooMany) problems.push({ field: "attachments", message: t(tooMany) });
    if (problems.length) return this.fail(problems);
    this.busy = true;
    this.problems = [];
    try {
      const payload = await createTicket(toInput(this.values, this.idempotencyKey), this.files);
      if (payload.ticket) {
        announce(t("create.created", { reference: payload.ticket.reference }));
        navigate(href(`/tickets/${encodeURIComponent(payload.ticket.id)}`));
        return;
      }
      this.busy = false;
      await this.fail(fromServer(payload.userErrors, userErrorText));
    } catch (error) {
      this.busy = false;
      // The same key on the next try: if the ticket was made before the answer was lost, it comes back.
      const code = /** @type {{ code?: string }} */ (error).code;
      await this.fail([{ field: "_", message: code === "NETWORK" ? t("common.networkError") : t("create.error.failed") }]);
    }
  }

  /** @param {Problem[]} problems */
  async fail(problems) {
    this.problems = problems;
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector(".error-summary"))?.focus();
  }

  render() {
    setPageTitle(t("create.title"));
    return html`<section class="page create-page">
      <h1>${t("create.title")}</h1>
      <p class="muted create-intro">${t("create.intro")}</p>
      ${errorSummary(this.problems)}
      ${this.loadFailed ? html`<div class="notice warning" role="alert">
            <p>${t("create.loadFailed")}</p>
            <button type="button" class="button secondary small" @click=${this.load}>${t("common.retry")}</button>
          </div>` : ""}
      <form class="create-form" novalidate @submit=${this.submit} @input=${this.onInput} @change=${this.onInput}>
        <div class="create-layout">
          <div class="create-main">${this.sections()}</div>
          <aside class="create-aside" aria-label=${t("create.earlier.title")}>
            <cz-create-earlier .phone=${this.values.phone} .email=${this.values.email}></cz-create-earlier>
          </aside>
        </div>
      </form>
    </section>`;
  }

  sections() {
    /** @type {Record<string, string>} */
    const errors = {};
    for (const problem of this.problems) errors[problem.field] ??= problem.message;
    const { values } = this;
    const location = { address: values.address, neighbourhood: values.neighbourhood, latitude: values.latitude, longitude: values.longitude };
    return html`
      ${channelSection(values, errors)}
      ${contactSection(values, errors)}
      ${requestSection(values, errors, this.choices, this.category())}
      <cz-create-location .value=${location} .errors=${errors}></cz-create-location>
      <cz-create-attachments .files=${this.files} .error=${errors.attachments}></cz-create-attachments>
      <div class="actions create-actions">
        <button type="submit" class="button" ?disabled=${this.busy || !this.choices}>
          ${this.busy ? t("create.sending") : t("create.submit")}
        </button>
        <a href=${href("/")}>${t("common.cancel")}</a>
      </div>`;
  }
}

customElements.define("cz-create-ticket", CreateTicketPage);
