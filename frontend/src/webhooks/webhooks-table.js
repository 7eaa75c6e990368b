// The registered endpoints as a table: where each sends, what it is told of and may see, whether
// it is on, how its last delivery went, and what can be done with it.
import { html } from "lit";
import { adminTable } from "../kit/admin-list.js";
import { formatDateTime, t } from "../kit/i18n.js";
import { activeBadge } from "../departments/departments-admin.js";
import { deliveryBadge } from "./webhook-deliveries.js";

/**
 * @typedef {import("./webhooks-admin-form.js").Endpoint} Endpoint
 * @typedef {{ kind: "edit" | "toggle" | "rotate", endpoint: Endpoint }} RowDialog
 * @typedef {{ open: (dialog: RowDialog) => void, showLog: (endpoint: Endpoint) => void }} RowActions
 */

/** @param {Endpoint[]} endpoints @param {RowActions} actions */
export function endpointsTable(endpoints, actions) {
  return adminTable({ caption: t("admin.webhooks.title"), className: "webhooks-table", headings: [
    { label: t("admin.webhooks.field.name") },
    { label: t("admin.webhooks.field.events") },
    { label: t("admin.webhooks.field.scope") },
    { label: t("admin.state") },
    { label: t("admin.webhooks.lastDelivery") },
  ] }, endpoints.map((e) => row(e, actions)));
}

/** What leaves with each delivery beyond the public facts. */
function scope(/** @type {Endpoint} */ e) {
  const shared = [e.includeContact ? t("admin.webhooks.field.includeContact") : "", e.includeInternal ? t("admin.webhooks.field.includeInternal") : ""]
    .filter(Boolean);
  return shared.length
    ? html`<ul class="scope-list">${shared.map((s) => html`<li>${s}</li>`)}</ul>`
    : html`<span class="muted">${t("admin.webhooks.publicOnly")}</span>`;
}

function lastDelivery(/** @type {Endpoint} */ e) {
  const last = e.deliveries?.edges[0]?.node;
  if (!last) return html`<span class="muted">${t("admin.webhooks.noDeliveriesShort")}</span>`;
  const code = last.lastStatusCode ? ` · HTTP ${last.lastStatusCode}` : "";
  return html`${deliveryBadge(last.status)}<br><span class="muted">${formatDateTime(last.createdAt)}${code}</span>`;
}

/** @param {Endpoint} e @param {RowActions} actions */
function row(e, { open, showLog }) {
  /** @param {string} label @param {() => void} click */
  const action = (label, click) => html`<button type="button" class="button secondary small" @click=${click}>
    ${label}<span class="visually-hidden">: ${e.name}</span></button>`;
  const grace = e.previousSecretUntil && new Date(e.previousSecretUntil) > new Date();
  return html`<tr class=${e.active ? "" : "inactive"} data-endpoint-id=${e.id}>
    <td>${e.name}<br><code class="muted webhook-url">${e.url}</code></td>
    <td><ul class="scope-list">${e.events.map((ev) => html`<li>${t(`admin.webhooks.event.${ev}`)}</li>`)}</ul></td>
    <td>${scope(e)}</td>
    <td>${activeBadge(e.active)}${grace
      ? html`<br><span class="muted">${t("admin.webhooks.graceUntil", { time: formatDateTime(e.previousSecretUntil) })}</span>` : ""}</td>
    <td>${lastDelivery(e)}</td>
    <td><div class="row-actions">
      ${action(t("admin.webhooks.showLog"), () => showLog(e))}
      ${action(t("admin.edit"), () => open({ kind: "edit", endpoint: e }))}
      ${action(t(e.active ? "admin.deactivate" : "admin.activate"), () => open({ kind: "toggle", endpoint: e }))}
      ${action(t("admin.webhooks.rotate"), () => open({ kind: "rotate", endpoint: e }))}
    </div></td>
  </tr>`;
}
