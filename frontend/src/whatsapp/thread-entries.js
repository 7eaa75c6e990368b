// What a WhatsApp thread is made of: the citizen's messages and our messages to the citizen on
// WhatsApp, one list in the order they were sent. Pure templates over the ticket.
import { html } from "lit";
import { formatDateTime, has, t } from "../kit/i18n.js";
import { coordinate } from "../tickets/ticket-summary.js";

/**
 * @typedef {import("../tickets/ticket-query.js").Ticket} Ticket
 * @typedef {import("../tickets/ticket-query.js").WhatsAppMessage} WhatsAppMessage
 * @typedef {import("../tickets/ticket-query.js").Notification} Notification
 * @typedef {{ from: "citizen", at: string, message: WhatsAppMessage, first: boolean }
 *   | { from: "us", at: string, notification: Notification }} Entry
 */

/** Oldest first; a message of ours counts from when it went out, or from when it was written. */
export function threadEntries(/** @type {Ticket} */ ticket) {
  const messages = ticket.whatsappMessages ?? [];
  /** @type {Entry[]} */
  const entries = [
    ...messages.map((message, index) => ({ from: /** @type {const} */ ("citizen"), at: message.sentAt, message, first: index === 0 })),
    ...(ticket.notifications ?? [])
      .filter((n) => n.channel === "WHATSAPP")
      .map((notification) => ({ from: /** @type {const} */ ("us"), at: notification.sentAt ?? notification.createdAt, notification })),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/**
 * Where a message of ours stands, in words: what WhatsApp last said of it (sent, delivered,
 * read, failed), else where our outbox stands (waiting, given up, handed over).
 * @param {Notification} n
 * @returns {{ label: string, tone: string }}
 */
export function replyState(n) {
  if (n.deliveryStatus) return { label: t(`delivery.status.${n.deliveryStatus}`), tone: n.deliveryStatus.toLowerCase() };
  if (n.status === "GAVE_UP") return { label: t("notification.status.GAVE_UP"), tone: "failed" };
  if (n.status === "PENDING") return { label: t("notification.status.PENDING"), tone: "pending" };
  return { label: t("delivery.status.SENT"), tone: "sent" };
}

/** The words of a message, or what kind of message it was when it has none. */
export function messageText(/** @type {WhatsAppMessage} */ m) {
  if (m.text) return html`<p class="wa-text">${m.text}</p>`;
  // A photo, a place or a file that could not be kept speaks for itself below.
  if (m.type === "TEXT" || m.type === "LOCATION" || m.attachment || m.mediaProblem) return "";
  return html`<p class="wa-text muted">${typeLabel(m.type)}</p>`;
}

/** @param {string} type */
export function typeLabel(type) {
  return has(`whatsapp.type.${type}`) ? t(`whatsapp.type.${type}`) : type;
}

/** A shared location: the place's name as the citizen's phone gave it, and its coordinates. */
export function location(/** @type {WhatsAppMessage} */ m) {
  if (m.latitude === null || m.longitude === null) return "";
  const value = `${coordinate(m.latitude)}, ${coordinate(m.longitude)}`;
  return html`<p class="wa-location">
    <span class="wa-location-label">${t("whatsapp.location")}</span>
    ${m.place ? html`<span class="place-line">${m.place}</span>` : ""}
    <span class="place-line muted">${t("ticket.coordinates", { value })}</span>
  </p>`;
}

/** A file that came with the message but could not be kept, and why. */
export function mediaProblem(/** @type {WhatsAppMessage} */ m) {
  if (!m.mediaProblem) return "";
  return html`<p class="notice warning wa-media-problem">
    ${t("whatsapp.mediaProblem", { type: typeLabel(m.type) })} <span class="wa-problem-reason">${m.mediaProblem}</span>
  </p>`;
}

/** Sender and time, in words: the bubbles' sides and colours only repeat them. */
export function meta(/** @type {string} */ sender, /** @type {string} */ at) {
  return html`<p class="wa-meta"><span class="wa-sender">${sender}</span>
    <time datetime=${at}>${formatDateTime(at)}</time></p>`;
}
