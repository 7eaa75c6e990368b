// What the citizen was told, and how the citizen answered: the ticket's messages through the
// outbox (sent, still trying, given up — in words, with the last error), what the provider said
// of each afterwards (WhatsApp: delivered, read, failed), and the satisfaction answer. Pure
// templates over the ticket.
import { html } from "lit";
import { formatDateTime, has, t } from "../kit/i18n.js";

/**
 * @typedef {import("./ticket-query.js").Ticket} Ticket
 * @typedef {import("./ticket-query.js").Notification} Notification
 */

/** Reply channels a message goes out through by itself; the others are staff's to do by hand. */
const SENDABLE = new Set(["EMAIL", "SMS", "WHATSAPP"]);

/** @param {string} prefix @param {string} value */
function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value;
}

/** @param {Notification} n */
function when(n) {
  if (n.status === "SENT" && n.sentAt) return t("ticket.deliveries.sentAt", { time: formatDateTime(n.sentAt) });
  if (n.status === "GAVE_UP" && n.gaveUpAt) return t("ticket.deliveries.gaveUpAt", { time: formatDateTime(n.gaveUpAt) });
  return t("ticket.deliveries.queuedAt", { time: formatDateTime(n.createdAt) });
}

/** Each thing the provider said of the message, oldest first, with when and any error. */
function receipts(/** @type {Notification} */ n) {
  const said = n.receipts ?? [];
  if (!said.length) return "";
  return html`<ul class="receipts" aria-label=${t("ticket.deliveries.receipts")}>
    ${said.map((r) => html`<li class=${`receipt receipt-${r.status.toLowerCase()}`}>
      <span class="receipt-status">${label("delivery.status", r.status)}</span>
      <time class="muted" datetime=${r.occurredAt}>${formatDateTime(r.occurredAt)}</time>
      ${r.error ? html`<span class="delivery-error">${r.error}</span>` : ""}
    </li>`)}
  </ul>`;
}

/** @param {Notification} n */
function delivery(n) {
  const problem = n.status !== "SENT" && n.lastError;
  return html`<li class=${`delivery delivery-${n.status.toLowerCase()}`} data-notification-id=${n.id}>
    <p class="delivery-head">
      <span class="delivery-kind">${label("notification.kind", n.kind)}</span>
      <span class="muted">${label("replyChannel", n.channel)}</span>
      <span class=${`badge delivery-status status-${n.status.toLowerCase()}`}>${label("notification.status", n.status)}</span>
      ${n.deliveryStatus ? html`<span class=${`badge receipt-status-badge tone-${n.deliveryStatus.toLowerCase()}`}>
        <span class="visually-hidden">${t("ticket.deliveries.providerSaid")}: </span>${label("delivery.status", n.deliveryStatus)}</span>` : ""}
    </p>
    <p class="muted">${when(n)} · ${t("ticket.deliveries.attempts", { count: n.attempts })}</p>
    ${problem ? html`<p class="delivery-error">${t("ticket.deliveries.lastError", { error: n.lastError ?? "" })}</p>` : ""}
    ${receipts(n)}
  </li>`;
}

/** @param {Ticket} ticket */
export function ticketDeliveries(ticket) {
  const notifications = ticket.notifications ?? [];
  return html`<section class="card deliveries-card" aria-labelledby="deliveries-heading">
    <h2 id="deliveries-heading">${t("ticket.deliveries.heading")}</h2>
    ${notifications.length
      ? html`<ul class="deliveries">${notifications.map(delivery)}</ul>`
      : html`<p class="muted">${SENDABLE.has(ticket.replyChannel)
        ? t("ticket.deliveries.none")
        : t("ticket.deliveries.manual", { channel: label("replyChannel", ticket.replyChannel) })}</p>`}
  </section>`;
}

/** Five stars as a picture, the score in words beside it for everyone. */
export function stars(/** @type {number} */ score) {
  const full = Math.max(0, Math.min(5, Math.round(score)));
  return html`<span class="stars" aria-hidden="true">${"★".repeat(full)}${"☆".repeat(5 - full)}</span>
    <span class="score">${t("ticket.satisfaction.score", { score })}</span>`;
}

/** @param {Ticket} ticket */
export function ticketSatisfaction(ticket) {
  const answer = ticket.satisfaction;
  if (!answer) return "";
  return html`<section class="card satisfaction-card" aria-labelledby="satisfaction-heading">
    <h2 id="satisfaction-heading">${t("ticket.satisfaction.heading")}</h2>
    <p class="satisfaction-score">${stars(answer.score)}</p>
    ${answer.comment ? html`<blockquote class="satisfaction-comment">${answer.comment}</blockquote>` : ""}
    <p class="muted">${t("ticket.satisfaction.answeredAt", { time: formatDateTime(answer.answeredAt) })}</p>
  </section>`;
}
