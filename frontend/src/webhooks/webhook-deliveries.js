// One endpoint's delivery log, newest first: what was sent, for which ticket, how the receiver
// answered, and "send again" for any delivery (the same delivery id, so a receiver that keeps
// ids takes it once). While a delivery is still on its way the log looks again now and then.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { mutate, request } from "../kit/api.js";
import { AdminList, adminTable } from "../kit/admin-list.js";
import { formatDateTime, formatNumber, t } from "../kit/i18n.js";

/**
 * @typedef {{ id: string, deliveryId: string, event: string, status: "PENDING" | "SENT" | "GAVE_UP", attempts: number,
 *   lastStatusCode: number | null, lastError: string | null, createdAt: string, deliveredAt: string | null,
 *   gaveUpAt: string | null, ticketReference: string | null }} Delivery
 */

const PAGE = 20;
const FOLLOW_MS = 3000;
const FIELDS = "id deliveryId event status attempts lastStatusCode lastError createdAt deliveredAt gaveUpAt ticketReference";
// Through the list of endpoints (there are a handful), since `node(id:)` does not look them up.
const DELIVERIES = `query WebhookDeliveries($first: Int, $after: String) {
  webhookEndpoints { id deliveries(first: $first, after: $after) {
    edges { node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;

/**
 * A page of `endpointId`'s deliveries, newest first.
 * @param {string} endpointId @param {number} first @param {string} [after]
 * @returns {Promise<{ edges: { node: Delivery }[], pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null>}
 */
async function deliveriesOf(endpointId, first, after) {
  const data = await request(DELIVERIES, after ? { first, after } : { first });
  return data.webhookEndpoints.find((/** @type {{ id: string }} */ e) => e.id === endpointId)?.deliveries ?? null;
}
const RESEND = `mutation ResendWebhookDelivery($input: ResendWebhookDeliveryInput!) {
  resendWebhookDelivery(input: $input) { delivery { ${FIELDS} } userErrors { field code message } }
}`;

/** "Delivered" / "Waiting" / "Given up", as a word on a badge. */
export function deliveryBadge(/** @type {Delivery["status"]} */ status) {
  return html`<span class=${`badge delivery-status status-${status.toLowerCase()}`}>${t(`admin.webhooks.status.${status}`)}</span>`;
}

/** What of the shown rows can change: which there are, and how each stands. */
function signature(/** @type {Delivery[]} */ deliveries) {
  return deliveries.map((d) => `${d.id}:${d.status}:${d.attempts}`).join(",");
}

export class WebhookDeliveries extends AdminList {
  static properties = {
    endpointId: {},
    name: {},
    deliveries: { state: true },
    more: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.endpointId = "";
    this.name = "";
    /** @type {Delivery[] | null} */
    this.deliveries = null;
    /** @type {string | null} cursor of the next page, when there is one */
    this.more = null;
    /** @type {string | null} the delivery being sent again */
    this.busy = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** @param {Map<string, unknown>} changed */
  updated(changed) {
    if (changed.has("endpointId") && changed.get("endpointId") !== undefined) {
      this.deliveries = null;
      this.load();
    }
  }

  /** The first pages again (as many rows as are shown), so statuses are fresh. */
  async fetch() {
    clearTimeout(this.timer);
    const id = this.endpointId;
    const page = await deliveriesOf(id, Math.max(PAGE, this.deliveries?.length ?? 0));
    if (id !== this.endpointId) return;
    const before = this.deliveries;
    /** @type {Delivery[]} */
    const fresh = page?.edges.map((/** @type {{ node: Delivery }} */ e) => e.node) ?? [];
    this.deliveries = fresh;
    this.more = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    // The endpoint list shows each endpoint's last delivery: it is told when that may have changed.
    if (before && signature(before) !== signature(fresh)) {
      this.dispatchEvent(new CustomEvent("cz-deliveries-changed", { bubbles: true }));
    }
    if (fresh.some((d) => d.status === "PENDING") && this.isConnected) {
      this.timer = setTimeout(() => this.load(), FOLLOW_MS);
    }
  }

  async loadMore() {
    if (!this.more) return;
    const page = await deliveriesOf(this.endpointId, PAGE, this.more);
    this.deliveries = [...(this.deliveries ?? []), ...(page?.edges.map((/** @type {{ node: Delivery }} */ e) => e.node) ?? [])];
    this.more = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }

  /** @param {Delivery} delivery */
  async resend(delivery) {
    if (this.busy) return;
    this.busy = delivery.id;
    try {
      const payload = await mutate(RESEND, { input: { id: delivery.id } });
      const problem = payload.userErrors?.[0];
      if (problem) announce(problem.message, "error");
      else announce(t("admin.webhooks.resent", { id: delivery.deliveryId }));
    } catch {
      announce(t("common.networkError"), "error");
    } finally {
      this.busy = null;
    }
    await this.load();
  }

  render() {
    const deliveries = this.deliveries;
    return html`<section class="admin-section webhook-log" aria-labelledby="webhook-log-heading">
      <div class="admin-head">
        <h3 id="webhook-log-heading" tabindex="-1">${t("admin.webhooks.logTitle", { name: this.name })}</h3>
        <button type="button" class="button secondary small" @click=${this.load}>${t("admin.webhooks.refresh")}</button>
      </div>
      ${this.loadState(deliveries !== null)}
      ${deliveries && !deliveries.length ? html`<p class="notice">${t("admin.webhooks.noDeliveries")}</p>` : ""}
      ${deliveries?.length ? this.table(deliveries) : ""}
      ${this.more ? html`<p><button type="button" class="link-button" @click=${this.loadMore}>${t("admin.webhooks.more")}</button></p>` : ""}
    </section>`;
  }

  /** @param {Delivery[]} deliveries */
  table(deliveries) {
    return adminTable({ caption: t("admin.webhooks.logTitle", { name: this.name }), className: "webhook-log-table", headings: [
      { label: t("admin.webhooks.log.time") },
      { label: t("admin.webhooks.log.event") },
      { label: t("admin.webhooks.log.ticket") },
      { label: t("admin.state") },
      { label: t("admin.webhooks.log.attempts"), numeric: true },
      { label: t("admin.webhooks.log.code"), numeric: true },
      { label: t("admin.webhooks.log.error") },
    ] }, deliveries.map((d) => this.row(d)));
  }

  /** @param {Delivery} d */
  row(d) {
    const ended = d.deliveredAt ?? d.gaveUpAt;
    return html`<tr data-delivery-id=${d.deliveryId}>
      <td>${formatDateTime(d.createdAt)}${ended ? html`<br><span class="muted">${t(d.deliveredAt
        ? "admin.webhooks.deliveredAt" : "admin.webhooks.gaveUpAt", { time: formatDateTime(ended) })}</span>` : ""}</td>
      <td>${t(`admin.webhooks.event.${d.event}`)}<br><code class="muted">ticket.${d.event.toLowerCase()}</code></td>
      <td>${d.ticketReference ?? html`<span class="muted">${t("common.none")}</span>`}</td>
      <td>${deliveryBadge(d.status)}</td>
      <td class="num">${formatNumber(d.attempts)}</td>
      <td class="num">${d.lastStatusCode ?? html`<span class="muted">${t("common.none")}</span>`}</td>
      <td class="webhook-error">${d.lastError ?? ""}</td>
      <td><div class="row-actions"><button type="button" class="button secondary small" ?disabled=${this.busy === d.id}
        @click=${() => this.resend(d)}>${t("admin.webhooks.resend")}<span class="visually-hidden">: ${d.deliveryId}</span></button></div></td>
    </tr>`;
  }
}

customElements.define("cz-webhook-deliveries", WebhookDeliveries);
