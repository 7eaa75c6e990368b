// What the tracking page asks: the request as its citizen sees it, once and then live, and the
// three things the citizen may do with it. Labels come from the server in the page's language.
import { live, mutate, request } from "../../kit/api.js";
import { graphqlLanguage } from "../../kit/i18n.js";

const TRACKED = `fragment Tracked on TrackedRequest {
  reference status statusLabel(language: $language) title description createdAt updatedAt dueAt closedAt
  resolution forwardedTo categoryName(language: $language) departmentName(language: $language)
  timeline { type status message at statusLabel(language: $language) }
  attachments { kind contentType url thumbnailUrl createdAt }
  satisfaction { score comment answeredAt }
  canReopen canAnswerSatisfaction
  location { latitude longitude address neighbourhood }
}`;
const TRACK = `query($reference: String!, $secret: String!, $language: Language!) {
  trackRequest(reference: $reference, secret: $secret) { ...Tracked } } ${TRACKED}`;
const LIVE = `subscription($reference: String!, $secret: String!, $language: Language!) {
  requestStatus(reference: $reference, secret: $secret) { ...Tracked } } ${TRACKED}`;
const PAYLOAD = `request { ...Tracked } retryAfter userErrors { field code message }`;
const ADD = `mutation($input: AddRequestInformationInput!, $language: Language!) {
  addRequestInformation(input: $input) { ${PAYLOAD} } } ${TRACKED}`;
const REOPEN = `mutation($input: ReopenRequestInput!, $language: Language!) {
  reopenRequest(input: $input) { ${PAYLOAD} } } ${TRACKED}`;
const SATISFACTION = `mutation($input: AnswerSatisfactionInput!, $language: Language!) {
  answerSatisfaction(input: $input) { ${PAYLOAD} } } ${TRACKED}`;

/**
 * @typedef {{ type: string, status: string | null, message: string | null, at: string, statusLabel: string | null }} PublicEntry
 * @typedef {{ kind: "PHOTO" | "VIDEO" | "DOCUMENT" | "AUDIO", contentType: string, url: string, thumbnailUrl: string | null, createdAt: string }} PublicAttachment
 * @typedef {{ score: number, comment: string | null, answeredAt: string }} Satisfaction
 * @typedef {{
 *   reference: string, status: string, statusLabel: string, title: string, description: string,
 *   createdAt: string, updatedAt: string, dueAt: string | null, closedAt: string | null,
 *   resolution: string | null, forwardedTo: string | null, categoryName: string, departmentName: string | null,
 *   timeline: PublicEntry[], attachments: PublicAttachment[], satisfaction: Satisfaction | null,
 *   canReopen: boolean, canAnswerSatisfaction: boolean,
 *   location: { latitude: number | null, longitude: number | null, address: string | null, neighbourhood: string | null } | null,
 * }} Tracked
 * @typedef {{ reference: string, secret: string }} Keys
 * @typedef {{ request: Tracked | null, retryAfter: number | null, userErrors: import("../../kit/api.js").UserError[] }} Payload
 */

/** @param {Keys} keys @returns {Promise<Tracked | null>} null: no request has this reference and secret */
export async function track(keys) {
  const data = await request(TRACK, { ...keys, language: graphqlLanguage() });
  return data.trackRequest;
}

/**
 * @param {Keys} keys
 * @param {{ next: (request: Tracked) => void, error?: (e: import("../../kit/api.js").RequestFailed) => void }} handlers
 */
export function follow(keys, handlers) {
  return live(LIVE, { ...keys, language: graphqlLanguage() }, {
    next: (data) => handlers.next(data.requestStatus),
    error: handlers.error,
  });
}

/** @param {Keys} keys @param {string} message @param {import("../../kit/api.js").Upload[]} files @returns {Promise<Payload>} */
export function addInformation(keys, message, files) {
  const input = { ...keys, message: message || null, ...(files.length ? { attachments: files.map(() => null) } : {}) };
  return mutate(ADD, { input, language: graphqlLanguage() }, files);
}

/** @param {Keys} keys @param {string} reason @returns {Promise<Payload>} */
export function reopen(keys, reason) {
  return mutate(REOPEN, { input: { ...keys, reason }, language: graphqlLanguage() });
}

/** @param {Keys} keys @param {number} score @param {string} comment @returns {Promise<Payload>} */
export function answerSatisfaction(keys, score, comment) {
  return mutate(SATISFACTION, { input: { ...keys, score, comment: comment || null }, language: graphqlLanguage() });
}
