// An integrator's receiver: its name, where deliveries go, which changes it is told of, and
// whether contact details and internal notes may leave with them. A new endpoint's secret comes
// back once, in the payload.
import { html } from "lit";
import { mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { describedBy, errorSummary, fieldError, focusSummary, fromFailure, fromUserErrors, invalid } from "../kit/form-errors.js";
import { t } from "../kit/i18n.js";

/**
 * @typedef {{ id: string, status: "PENDING" | "SENT" | "GAVE_UP", createdAt: string, lastStatusCode: number | null }} LastDelivery
 * @typedef {{ id: string, name: string, url: string, events: string[], includeContact: boolean, includeInternal: boolean,
 *   active: boolean, createdAt: string, previousSecretUntil: string | null,
 *   deliveries?: { edges: { node: LastDelivery }[] } }} Endpoint
 */

export const ENDPOINT_FIELDS = "id name url events includeContact includeInternal active createdAt previousSecretUntil";
export const EVENTS = [
  "CREATED", "ROUTED", "ASSIGNED", "STATUS_CHANGED", "PUBLIC_REPLY", "INTERNAL_NOTE", "MERGED", "REOPENED",
  "ATTACHMENT_ADDED", "CITIZEN_MESSAGE", "SATISFACTION_ANSWERED",
];
const CREATE = `mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { ${ENDPOINT_FIELDS} } secret userErrors { field code message } }
}`;
const UPDATE = `mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) { endpoint { ${ENDPOINT_FIELDS} } userErrors { field code message } }
}`;
const ID = "webhook-form";

/** Whether `value` is an address a delivery can be sent to (the server checks more). */
function webAddress(/** @type {string} */ value) {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export class WebhookForm extends ConsoleElement {
  static properties = { endpoint: { attribute: false }, busy: { state: true }, errors: { state: true } };

  constructor() {
    super();
    /** @type {Endpoint | null} the endpoint edited; null for a new one */
    this.endpoint = null;
    /** @type {import("../kit/modal.js").Modal<any> | null} */
    this.modal = null;
    this.busy = false;
    /** @type {import("../kit/form-errors.js").FormError[]} */
    this.errors = [];
  }

  /** @param {FormData} data */
  read(data) {
    const values = {
      name: String(data.get("name") ?? "").trim(),
      url: String(data.get("url") ?? "").trim(),
      events: data.getAll("events").map(String),
      includeContact: data.has("includeContact"),
      includeInternal: data.has("includeInternal"),
    };
    /** @type {import("../kit/form-errors.js").FormError[]} */
    const errors = [];
    if (!values.name) errors.push({ field: "name", message: t("admin.webhooks.required.name") });
    if (!webAddress(values.url)) errors.push({ field: "url", message: t("admin.webhooks.required.url") });
    if (!values.events.length) errors.push({ field: "events", message: t("admin.webhooks.required.events") });
    return { values, errors };
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const { values, errors } = this.read(new FormData(/** @type {HTMLFormElement} */ (event.target)));
    this.errors = errors;
    if (errors.length) return focusSummary(this);
    this.busy = true;
    if (this.modal) this.modal.busy = true;
    try {
      const editing = this.endpoint;
      const payload = await mutate(editing ? UPDATE : CREATE, { input: editing ? { id: editing.id, ...values } : values });
      this.errors = fromUserErrors(payload.userErrors, "admin.webhooks.error");
      if (!this.errors.length) {
        this.dispatchEvent(new CustomEvent("saved", { bubbles: true, detail: { endpoint: payload.endpoint, secret: payload.secret ?? null } }));
      }
    } catch (error) {
      this.errors = fromFailure(error);
    } finally {
      this.busy = false;
      if (this.modal) this.modal.busy = false;
    }
    if (this.errors.length) await focusSummary(this);
  }

  /** @param {string} name @param {string} label @param {string} [hint] @param {string} [type] @param {string} [value] */
  input(name, label, hint, type = "text", value = "") {
    const id = `${ID}-${name}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ""}
      ${fieldError(this.errors, name, id)}
      <input id=${id} name=${name} type=${type} autocomplete="off" spellcheck="false" .value=${value}
        aria-invalid=${invalid(this.errors, name)} aria-describedby=${describedBy(this.errors, name, id, Boolean(hint))}>
    </div>`;
  }

  events() {
    const id = `${ID}-events`;
    const chosen = new Set(this.endpoint?.events ?? []);
    return html`<fieldset class="field webhook-events" aria-describedby=${describedBy(this.errors, "events", id)}>
      <legend>${t("admin.webhooks.field.events")}</legend>
      ${fieldError(this.errors, "events", id)}
      <div class="webhook-event-grid">${EVENTS.map((event, i) => html`<label class="checkbox" for=${i === 0 ? id : `${id}-${event}`}>
        <input type="checkbox" name="events" value=${event} id=${i === 0 ? id : `${id}-${event}`} ?checked=${chosen.has(event)}>
        ${t(`admin.webhooks.event.${event}`)}
      </label>`)}</div>
    </fieldset>`;
  }

  /** @param {"includeContact" | "includeInternal"} name */
  scope(name) {
    const id = `${ID}-${name}`;
    return html`<div class="scope-choice">
      <label class="checkbox" for=${id}>
        <input type="checkbox" name=${name} id=${id} aria-describedby="${id}-hint" ?checked=${Boolean(this.endpoint?.[name])}>
        ${t(`admin.webhooks.field.${name}`)}
      </label>
      <span class="hint" id="${id}-hint">${t(`admin.webhooks.hint.${name}`)}</span>
    </div>`;
  }

  render() {
    const e = this.endpoint;
    return html`<form @submit=${this.submit} novalidate>
      ${errorSummary(this.errors, ID)}
      ${this.input("name", t("admin.webhooks.field.name"), t("admin.webhooks.hint.name"), "text", e?.name)}
      ${this.input("url", t("admin.webhooks.field.url"), t("admin.webhooks.hint.url"), "url", e?.url)}
      ${this.events()}
      <fieldset class="field">
        <legend>${t("admin.webhooks.field.scope")}</legend>
        ${this.scope("includeContact")}
        ${this.scope("includeInternal")}
      </fieldset>
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this.busy}>${t(e ? "admin.webhooks.save" : "admin.webhooks.create")}</button>
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.modal?.close()}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-webhook-form", WebhookForm);
