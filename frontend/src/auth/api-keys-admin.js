// Integrators' API keys: create one (the key is shown once, in the dialog, and is gone when it
// closes), see when each was last used, revoke one for good.
import { html } from "lit";
import { allNodes } from "../kit/all-nodes.js";
import { announce } from "../kit/announce.js";
import { mutate } from "../kit/api.js";
import "../kit/confirm.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { formatDateTime, formatNumber, language, t } from "../kit/i18n.js";
import { Modal, closeButton } from "../kit/modal.js";
import "../kit/shown-once.js";
import { API_KEY_FIELDS } from "./api-keys-admin-form.js";

/** @typedef {import("./api-keys-admin-form.js").ApiKey} ApiKey */
/** @typedef {import("./api-keys-admin-form.js").DepartmentRef} DepartmentRef */
/** @typedef {{ kind: "create" } | { kind: "revoke", apiKey: ApiKey } | { kind: "key", apiKey: ApiKey, key: string }} Dialog */

const KEYS = `query AdminApiKeys($first: Int, $after: String) {
  apiKeys(first: $first, after: $after) { edges { node { ${API_KEY_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const DEPARTMENTS = `query AdminKeyDepartments($first: Int, $after: String) {
  departments(first: $first, after: $after) { edges { node { id code nameTr nameEn } } pageInfo { hasNextPage endCursor } }
}`;
const REVOKE = `mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { field code message } }
}`;

export class ApiKeysAdmin extends AdminList {
  static properties = { keys: { state: true }, departments: { state: true } };

  constructor() {
    super();
    /** @type {ApiKey[] | null} */
    this.keys = null;
    /** @type {DepartmentRef[]} */
    this.departments = [];
    /** @type {Modal<Dialog>} */
    this.modal = new Modal(this);
  }

  async fetch() {
    const [keys, departments] = await Promise.all([allNodes(KEYS), allNodes(DEPARTMENTS)]);
    this.keys = keys;
    this.departments = departments;
  }

  /** @param {CustomEvent<{ apiKey: ApiKey, key: string }>} event */
  async created(event) {
    const { apiKey, key } = event.detail;
    // The key lives only in this dialog's state: closing it forgets the key.
    this.modal.value = { kind: "key", apiKey, key };
    this.load();
    await this.modal.focus("#new-api-key");
    announce(t("admin.apiKeys.created", { name: apiKey.name }));
  }

  /** @param {ApiKey} apiKey */
  async revoke(apiKey) {
    return (await mutate(REVOKE, { input: { id: apiKey.id } })).userErrors;
  }

  /** @param {ApiKey} apiKey */
  revoked(apiKey) {
    this.modal.close();
    announce(t("admin.apiKeys.revoked", { name: apiKey.name }));
    this.load();
  }

  render() {
    const keys = [...(this.keys ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return html`<section class="admin-section" aria-labelledby="api-keys-heading">
      <div class="admin-head">
        <div>
          <h2 id="api-keys-heading">${t("admin.api-keys.title")}</h2>
          <p class="muted">${t("admin.apiKeys.intro")}</p>
        </div>
        <button type="button" class="button" @click=${() => this.modal.open({ kind: "create" })}>${t("admin.apiKeys.new")}</button>
      </div>
      ${this.loadState(this.keys !== null)}
      ${this.keys && !keys.length ? html`<p class="notice">${t("admin.apiKeys.none")}</p>` : ""}
      ${keys.length ? this.table(keys) : ""}
      ${this.dialog()}
    </section>`;
  }

  /** @param {ApiKey[]} keys */
  table(keys) {
    return adminTable({ caption: t("admin.api-keys.title"), headings: [
      { label: t("admin.apiKeys.field.name") },
      { label: t("admin.apiKeys.field.scopes") },
      { label: t("admin.apiKeys.rate"), numeric: true },
      { label: t("admin.apiKeys.createdAt") },
      { label: t("admin.apiKeys.lastUsedAt") },
      { label: t("admin.state") },
    ] }, keys.map((k) => this.row(k)));
  }

  /** @param {ApiKey} k */
  row(k) {
    return html`<tr class=${k.revokedAt ? "inactive" : ""}>
      <td>${k.name}<br><code class="muted">czm_${k.prefix}_…</code></td>
      <td><ul class="scope-list">${k.scopes.map((s) => html`<li>${t(`admin.apiKeys.scope.${s}`)}</li>`)}</ul>
        ${k.department ? html`<span class="muted">${language() === "en" ? k.department.nameEn : k.department.nameTr}</span>` : ""}</td>
      <td class="num">${formatNumber(k.rateLimitPerMinute)}</td>
      <td>${formatDateTime(k.createdAt)}</td>
      <td>${k.lastUsedAt ? formatDateTime(k.lastUsedAt) : html`<span class="muted">${t("admin.apiKeys.neverUsed")}</span>`}</td>
      <td>${k.revokedAt
        ? html`<span class="badge status">${t("admin.apiKeys.revokedState")}</span><br><span class="muted">${formatDateTime(k.revokedAt)}</span>`
        : html`<span class="badge ok">${t("admin.active")}</span>`}</td>
      <td><div class="row-actions">${k.revokedAt ? "" : html`<button type="button" class="button secondary small"
        @click=${() => this.modal.open({ kind: "revoke", apiKey: k })}>
        ${t("admin.apiKeys.revoke")}<span class="visually-hidden">: ${k.name}</span></button>`}</div></td>
    </tr>`;
  }

  dialog() {
    const dialog = this.modal.value;
    if (!dialog) return "";
    const id = "api-key-dialog-title";
    switch (dialog.kind) {
      case "create":
        return this.modal.render(id, t("admin.apiKeys.new"), html`<cz-api-key-form .departments=${this.departments}
          .modal=${this.modal} @created=${this.created}></cz-api-key-form>`);
      case "key":
        return this.modal.render(id, t("admin.apiKeys.keyTitle", { name: dialog.apiKey.name }), html`
          <cz-shown-once .value=${dialog.key} .label=${t("admin.apiKeys.key")} .note=${t("admin.apiKeys.shownOnce")}
            .fieldId=${"new-api-key"}></cz-shown-once>
          <div class="actions">${closeButton(this.modal)}</div>`);
      case "revoke":
        return this.modal.render(id, t("admin.apiKeys.revokeTitle", { name: dialog.apiKey.name }), html`
          <cz-confirm-action .message=${t("admin.apiKeys.revokeBody", { name: dialog.apiKey.name })}
            .confirmLabel=${t("admin.apiKeys.revoke")} danger .action=${() => this.revoke(dialog.apiKey)} .modal=${this.modal}
            @done=${() => this.revoked(dialog.apiKey)}></cz-confirm-action>`);
    }
  }
}

customElements.define("cz-api-keys-admin", ApiKeysAdmin);
