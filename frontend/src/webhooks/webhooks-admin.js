// Outgoing webhooks: the receivers integrators registered, what each is told of and may see, how
// its last delivery went; create one or rotate its secret (the secret is shown once, in the
// dialog), change or pause one, and read its delivery log.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { mutate, request } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList } from "../kit/admin-list.js";
import { formatDateTime, t } from "../kit/i18n.js";
import { Modal, closeButton } from "../kit/modal.js";
import "../kit/shown-once.js";
import { ENDPOINT_FIELDS } from "./webhooks-admin-form.js";
import "./webhook-deliveries.js";
import { endpointsTable } from "./webhooks-table.js";
import "./webhooks-admin-form.js";

/**
 * @typedef {import("./webhooks-admin-form.js").Endpoint} Endpoint
 * @typedef {{ kind: "create" } | { kind: "edit" | "toggle" | "rotate", endpoint: Endpoint }
 *   | { kind: "secret", endpoint: Endpoint, secret: string, rotated: boolean }} Dialog
 */

const ENDPOINTS = `query AdminWebhooks {
  webhookEndpoints { ${ENDPOINT_FIELDS} deliveries(first: 1) { edges { node { id status createdAt lastStatusCode } } } }
}`;
const SET_ACTIVE = `mutation SetWebhookActive($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) { endpoint { id active } userErrors { field code message } }
}`;
const ROTATE = `mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) { endpoint { ${ENDPOINT_FIELDS} } secret userErrors { field code message } }
}`;

export class WebhooksAdmin extends AdminList {
  static properties = { endpoints: { state: true }, logOf: { state: true } };

  constructor() {
    super();
    /** @type {Endpoint[] | null} */
    this.endpoints = null;
    /** @type {Endpoint | null} the endpoint whose delivery log is shown */
    this.logOf = null;
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
    /** @type {{ endpoint: Endpoint, secret: string } | null} a rotated secret, until its dialog shows it */
    this.fresh = null;
    /** Whether the rotation being confirmed retires the old secret at once (it leaked). */
    this.retireNow = false;
  }

  async fetch() {
    this.endpoints = (await request(ENDPOINTS)).webhookEndpoints;
  }

  /** @param {CustomEvent<{ endpoint: Endpoint, secret: string | null }>} event */
  async saved(event) {
    const { endpoint, secret } = event.detail;
    this.load();
    if (!secret) {
      this.modal.close();
      announce(t("admin.webhooks.saved", { name: endpoint.name }));
      return;
    }
    // The secret lives only in this dialog's state: closing it forgets the secret.
    this.modal.value = { kind: "secret", endpoint, secret, rotated: false };
    await this.modal.focus("#webhook-secret");
    announce(t("admin.webhooks.created", { name: endpoint.name }));
  }

  /** @param {Endpoint} endpoint */
  async setActive(endpoint) {
    return (await mutate(SET_ACTIVE, { input: { id: endpoint.id, active: !endpoint.active } })).userErrors;
  }

  /** @param {Endpoint} endpoint */
  toggled(endpoint) {
    this.modal.close();
    announce(t(endpoint.active ? "admin.webhooks.deactivated" : "admin.webhooks.activated", { name: endpoint.name }));
    this.load();
  }

  /** @param {Endpoint} endpoint */
  async rotate(endpoint) {
    const payload = await mutate(ROTATE, { input: { id: endpoint.id, retireOldSecretNow: this.retireNow } });
    // Kept until the confirmation says it is done: shown in its place in the same dialog.
    if (!payload.userErrors.length) this.fresh = { endpoint: payload.endpoint, secret: payload.secret };
    return payload.userErrors;
  }

  async rotated() {
    const fresh = this.fresh;
    this.fresh = null;
    if (!fresh) return;
    this.modal.value = { kind: "secret", ...fresh, rotated: true };
    this.load();
    await this.modal.focus("#webhook-secret");
    announce(t("admin.webhooks.rotated", { name: fresh.endpoint.name }));
  }

  /** @param {Endpoint} endpoint */
  async showLog(endpoint) {
    this.logOf = endpoint;
    await this.updateComplete;
    /** @type {HTMLElement | null} */ (this.querySelector("#webhook-log-heading"))?.focus();
  }

  render() {
    const endpoints = [...(this.endpoints ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const log = this.logOf && endpoints.find((e) => e.id === this.logOf?.id);
    return html`<section class="admin-section" aria-labelledby="webhooks-heading">
      <div class="admin-head">
        <div>
          <h2 id="webhooks-heading">${t("admin.webhooks.title")}</h2>
          <p class="muted">${t("admin.webhooks.intro")}</p>
        </div>
        <button type="button" class="button" @click=${() => this.modal.open({ kind: "create" })}>${t("admin.webhooks.new")}</button>
      </div>
      ${this.loadState(this.endpoints !== null)}
      ${this.endpoints && !endpoints.length ? html`<p class="notice">${t("admin.webhooks.none")}</p>` : ""}
      ${endpoints.length ? endpointsTable(endpoints, { open: (d) => this.modal.open(d), showLog: (e) => this.showLog(e) }) : ""}
      ${log ? html`<cz-webhook-deliveries .endpointId=${log.id} .name=${log.name}
        @cz-deliveries-changed=${this.load}></cz-webhook-deliveries>` : ""}
      ${this.dialog()}
    </section>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    const id = "webhook-dialog-title";
    switch (dialog.kind) {
      case "create":
      case "edit": {
        const endpoint = dialog.kind === "edit" ? dialog.endpoint : null;
        return this.modal.render(id, endpoint ? t("admin.webhooks.editTitle", { name: endpoint.name }) : t("admin.webhooks.new"),
          html`<cz-webhook-form .endpoint=${endpoint} .modal=${this.modal} @saved=${this.saved}></cz-webhook-form>`);
      }
      case "secret":
        return this.modal.render(id, t("admin.webhooks.secretTitle", { name: dialog.endpoint.name }), html`
          <cz-shown-once .value=${dialog.secret} .label=${t("admin.webhooks.secret")} .note=${t("admin.webhooks.shownOnce")}
            .fieldId=${"webhook-secret"}></cz-shown-once>
          ${dialog.rotated && dialog.endpoint.previousSecretUntil ? html`<p class="notice">${t("admin.webhooks.grace",
            { time: formatDateTime(dialog.endpoint.previousSecretUntil) })}</p>` : ""}
          <div class="actions">${closeButton(this.modal)}</div>`);
      case "toggle": {
        const e = dialog.endpoint;
        return this.modal.render(id, t(e.active ? "admin.webhooks.deactivateTitle" : "admin.webhooks.activateTitle", { name: e.name }),
          html`<cz-confirm-action .message=${t(e.active ? "admin.webhooks.deactivateBody" : "admin.webhooks.activateBody", { name: e.name })}
            .confirmLabel=${t(e.active ? "admin.deactivate" : "admin.activate")} ?danger=${e.active}
            .action=${() => this.setActive(e)} .modal=${this.modal} .area=${"admin.webhooks.error"}
            @done=${() => this.toggled(e)}></cz-confirm-action>`);
      }
      case "rotate":
        this.retireNow = false;
        return this.modal.render(id, t("admin.webhooks.rotateTitle", { name: dialog.endpoint.name }), html`<label
          class="checkbox" for="webhook-retire-now"><input type="checkbox" id="webhook-retire-now"
          @change=${(/** @type {Event} */ e) => { this.retireNow = /** @type {HTMLInputElement} */ (e.target).checked; }}>
          ${t("admin.webhooks.retireNow")}</label><cz-confirm-action
          .message=${t("admin.webhooks.rotateBody")} .confirmLabel=${t("admin.webhooks.rotate")}
          .action=${() => this.rotate(dialog.endpoint)} .modal=${this.modal} @done=${this.rotated}></cz-confirm-action>`);
    }
  }
}

customElements.define("cz-webhooks-admin", WebhooksAdmin);
