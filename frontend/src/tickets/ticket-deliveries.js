// What the citizen was told, and how the citizen answered: the ticket's messages through the
// outbox (sent, still trying, given up — in words, with the last error) and the satisfaction
// answer. Pure templates over the ticket.
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

/** @param {Notification} n */
function delivery(n) {
  const problem = n.status !== "SENT" && n.lastError;
  return html`<li class=${`delivery delivery-${n.status.toLowerCase()}`} data-notification-id=${n.id}>
    <p class="delivery-head">
      <span class="delivery-kind">${label("notification.kind", n.kind)}</span>
      <span class="muted">${label("replyChannel", n.channel)}</span>
      <span class=${`badge delivery-status status-${n.status.toLowerCase()}`}>${label("notification.status", n.status)}</span>
    </p>
    <p class="muted">${when(n)} · ${t("ticket.deliveries.attempts", { count: n.attempts })}</p>
    ${problem ? html`<p class="delivery-error">${t("ticket.deliveries.lastError", { error: n.lastError ?? "" })}</p>` : ""}
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
