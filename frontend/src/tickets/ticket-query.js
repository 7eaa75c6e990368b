// What the ticket page reads: one document for the ticket with its latest timeline entries, one
// for earlier entries, one for entries after a given one. Labels come in the user's language from the server (statusLabel, name).
import { request } from "../kit/api.js";
import { graphqlLanguage } from "../kit/i18n.js";

export const TIMELINE_PAGE = 50;

const EVENT_FIELDS = "id cursor type actorLabel public fromStatus toStatus message details createdAt actor { id name }";

const ATTACHMENT_FIELDS = "id kind contentType byteSize width height public latitude longitude url thumbnailUrl addedBy createdAt";

const TICKET_FIELDS = `
  id reference requestType status statusLabel(language: $language) priority channel channelReference
  replyChannel title description dueAt legalDueAt onHoldSince closedAt resolution forwardedTo
  createdAt updatedAt version overdue
  location { latitude longitude address neighbourhood }
  category { id name(language: $language) }
  department { id code name(language: $language) }
  assignee { id name }
  contact { name phone email preferredChannel }
  duplicateOf { id reference title }
  lastEvent { ${EVENT_FIELDS} }
  satisfaction { score comment answeredAt }
  attachments { ${ATTACHMENT_FIELDS} }
  notifications { id kind channel status attempts lastError createdAt sentAt gaveUpAt
    message deliveryStatus receipts { status occurredAt error } }
  whatsappMessages { id type text sentAt latitude longitude place mediaProblem
    attachment { ${ATTACHMENT_FIELDS} } splitFromTicket { id reference } }
  timeline(last: ${TIMELINE_PAGE}) { pageInfo { hasPreviousPage startCursor } edges { cursor node { ${EVENT_FIELDS} } } }`;

const TICKET_QUERY = `query TicketPage($id: ID!, $language: Language!) {
  node(id: $id) { __typename ... on Ticket { ${TICKET_FIELDS} } }
}`;

const EARLIER_QUERY = `query TicketTimelineEarlier($id: ID!, $before: String!) {
  node(id: $id) { ... on Ticket { timeline(last: ${TIMELINE_PAGE}, before: $before) {
    pageInfo { hasPreviousPage startCursor } edges { cursor node { ${EVENT_FIELDS} } }
  } } }
}`;

const LATER_QUERY = `query TicketTimelineLater($id: ID!, $after: String!) {
  node(id: $id) { ... on Ticket { timeline(first: ${TIMELINE_PAGE}, after: $after) {
    pageInfo { hasNextPage endCursor } edges { cursor node { ${EVENT_FIELDS} } }
  } } }
}`;

/**
 * @typedef {{ id: string, cursor: string, type: string, actorLabel: string, public: boolean, fromStatus: string | null,
 *   toStatus: string | null, message: string | null, details: Record<string, any> | null, createdAt: string,
 *   actor: { id: string, name: string } | null }} TicketEvent
 * @typedef {{ hasPreviousPage: boolean, startCursor: string | null }} TimelinePage
 * @typedef {{ cursor: string, node: TicketEvent }} TimelineEdge the edge's cursor pages the timeline (`before`/`after`)
 * @typedef {{ name: string | null, phone: string | null, email: string | null, preferredChannel: string }} Contact
 * @typedef {{ id: string, kind: "PHOTO" | "VIDEO" | "DOCUMENT" | "AUDIO", contentType: string, byteSize: number, width: number | null,
 *   height: number | null, public: boolean, latitude: number | null, longitude: number | null, url: string,
 *   thumbnailUrl: string | null, addedBy: string, createdAt: string }} Attachment
 * @typedef {"SENT" | "DELIVERED" | "READ" | "FAILED"} DeliveryStatus what the provider said of a sent message
 * @typedef {{ status: DeliveryStatus, occurredAt: string, error: string | null }} DeliveryReceipt
 * @typedef {{ id: string, kind: string, channel: string, status: "PENDING" | "SENT" | "GAVE_UP", attempts: number,
 *   lastError: string | null, createdAt: string, sentAt: string | null, gaveUpAt: string | null,
 *   message: string | null, deliveryStatus: DeliveryStatus | null, receipts: DeliveryReceipt[] }} Notification
 * @typedef {{ id: string, type: "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT" | "AUDIO" | "LOCATION" | "OTHER",
 *   text: string | null, sentAt: string, latitude: number | null, longitude: number | null, place: string | null,
 *   mediaProblem: string | null, attachment: Attachment | null,
 *   splitFromTicket: { id: string, reference: string } | null }} WhatsAppMessage
 * @typedef {{ score: number, comment: string | null, answeredAt: string }} Satisfaction
 * @typedef {{
 *   id: string, reference: string, requestType: string, status: string, statusLabel: string, priority: string,
 *   channel: string, channelReference: string | null, replyChannel: string, title: string, description: string,
 *   dueAt: string | null, legalDueAt: string | null, onHoldSince: string | null, closedAt: string | null,
 *   resolution: string | null, forwardedTo: string | null, createdAt: string, updatedAt: string, version: number,
 *   overdue: boolean,
 *   location: { latitude: number | null, longitude: number | null, address: string | null, neighbourhood: string | null },
 *   category: { id: string, name: string }, department: { id: string, code: string, name: string } | null,
 *   assignee: { id: string, name: string } | null, contact: Contact | null,
 *   duplicateOf: { id: string, reference: string, title: string } | null, lastEvent: TicketEvent | null,
 *   timeline: { pageInfo: TimelinePage, edges: TimelineEdge[] },
 *   attachments: Attachment[], notifications: Notification[], satisfaction: Satisfaction | null,
 *   whatsappMessages: WhatsAppMessage[],
 * }} Ticket
 */

/**
 * The ticket, or null when it does not exist or the user may not read it (the server answers
 * both the same way, so another department's ticket cannot be told from a missing one).
 * @param {string} id
 * @returns {Promise<Ticket | null>}
 */
export async function fetchTicket(id) {
  try {
    const data = await request(TICKET_QUERY, { id, language: graphqlLanguage() });
    return data.node?.__typename === "Ticket" ? data.node : null;
  } catch (error) {
    // A malformed id in the address bar names no ticket either.
    if (/** @type {any} */ (error).code === "INVALID_ID") return null;
    throw error;
  }
}

/**
 * The page of entries just before the edge cursor `before`.
 * @param {string} id
 * @param {string} before
 * @returns {Promise<{ pageInfo: TimelinePage, edges: TimelineEdge[] }>}
 */
export async function fetchEarlier(id, before) {
  const data = await request(EARLIER_QUERY, { id, before });
  const timeline = data.node?.timeline;
  return { pageInfo: timeline?.pageInfo ?? { hasPreviousPage: false, startCursor: null }, edges: timeline?.edges ?? [] };
}

/**
 * The page of entries just after the edge cursor `after`.
 * @param {string} id
 * @param {string} after
 * @returns {Promise<{ pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: TimelineEdge[] }>}
 */
export async function fetchLater(id, after) {
  const data = await request(LATER_QUERY, { id, after });
  const timeline = data.node?.timeline;
  return { pageInfo: timeline?.pageInfo ?? { hasNextPage: false, endCursor: null }, edges: timeline?.edges ?? [] };
}

