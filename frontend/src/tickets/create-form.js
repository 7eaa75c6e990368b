// The create form's model without its page: the values an operator fills in, the checks made
// before anything is sent, and the CreateTicketInput they become. The server checks again;
// its userErrors land on the same fields.
import { t } from "../kit/i18n.js";

/** The channels staff take requests from (web, WhatsApp and API requests arrive by themselves). */
export const CHANNELS = ["PHONE", "IN_PERSON", "PETITION", "EMAIL", "SOCIAL_MEDIA", "CIMER"];
/** A petition has its document number, a CİMER application its number: no record without it. */
export const REFERENCE_REQUIRED = new Set(["PETITION", "CIMER"]);
export const REPLY_CHANNELS = ["NONE", "SMS", "WHATSAPP", "PHONE", "EMAIL", "LETTER"];
export const REQUEST_TYPES = ["COMPLAINT", "REQUEST", "REPORT", "SUGGESTION", "INFORMATION", "THANKS"];
export const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"];
const NEEDS_PHONE = new Set(["SMS", "WHATSAPP", "PHONE"]);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * @typedef {{
 *   channel: string, channelReference: string, name: string, phone: string, email: string,
 *   replyChannel: string, requestType: string, categoryId: string, departmentId: string,
 *   priority: string, title: string, description: string, address: string, neighbourhood: string,
 *   latitude: number | null, longitude: number | null,
 * }} Values
 * @typedef {{ field: string, message: string }} Problem  field "_" is the form as a whole
 */

/** @returns {Values} */
export function emptyValues() {
  return {
    channel: "PHONE", channelReference: "", name: "", phone: "", email: "", replyChannel: "NONE",
    requestType: "COMPLAINT", categoryId: "", departmentId: "", priority: "", title: "", description: "",
    address: "", neighbourhood: "", latitude: null, longitude: null,
  };
}

/** The order of the fields on the page, which is the order of the error summary. */
const ORDER = [
  "channelReference", "name", "phone", "email", "replyChannel", "requestType", "categoryId", "departmentId",
  "priority", "title", "description", "address", "neighbourhood", "location", "attachments", "_",
];

/** The element a problem's summary link leads to. */
export function fieldId(/** @type {string} */ field) {
  if (field === "location" || field === "latitude" || field === "longitude") return "create-map-centre";
  return ORDER.includes(field) && field !== "_" ? `create-${field}` : "";
}

/** @param {Values} values */
export function validate(values) {
  /** @type {Problem[]} */
  const problems = [];
  const add = (/** @type {string} */ field, /** @type {string} */ key, params = {}) => problems.push({ field, message: t(key, params) });
  if (REFERENCE_REQUIRED.has(values.channel) && !values.channelReference.trim()) {
    add("channelReference", `create.error.reference.${values.channel}`);
  }
  if (values.email.trim() && !EMAIL.test(values.email.trim())) add("email", "error.INVALID_EMAIL");
  if (NEEDS_PHONE.has(values.replyChannel) && !values.phone.trim()) {
    add("replyChannel", "create.error.replyNeedsPhone", { channel: t(`replyChannel.${values.replyChannel}`) });
  }
  if (values.replyChannel === "EMAIL" && !values.email.trim()) add("replyChannel", "create.error.replyNeedsEmail");
  if (!values.categoryId) add("categoryId", "create.error.category");
  if (!values.description.trim()) add("description", "create.error.description");
  return problems;
}

/**
 * Server userErrors as problems on the form's fields ("contact.phone" → phone, …).
 * @param {import("../kit/api.js").UserError[]} userErrors
 * @param {(error: { code: string, message: string }) => string} text
 * @returns {Problem[]}
 */
export function fromServer(userErrors, text) {
  const problems = userErrors.map((error) => {
    const path = (error.field ?? []).filter((part) => part !== "input");
    const last = path.at(-1) ?? "_";
    // ["input","attachments","2"]: the third file; the field is the file chooser.
    const field = path[0] === "location" ? (["address", "neighbourhood"].includes(last) ? last : "location")
      : path[0] === "attachments" ? "attachments" : last;
    return { field: ORDER.includes(field) ? field : "_", message: text(error) };
  });
  return problems.sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
}

/** @param {string} text */
const optional = (text) => text.trim() || null;

/**
 * @param {Values} values
 * @param {string} idempotencyKey
 */
export function toInput(values, idempotencyKey) {
  const contact = { name: optional(values.name), phone: optional(values.phone), email: optional(values.email) };
  const location = {
    address: optional(values.address), neighbourhood: optional(values.neighbourhood),
    latitude: values.latitude, longitude: values.longitude,
  };
  return {
    channel: values.channel,
    channelReference: optional(values.channelReference),
    contact: Object.values(contact).some(Boolean) ? contact : null,
    replyChannel: values.replyChannel,
    requestType: values.requestType,
    categoryId: values.categoryId,
    departmentId: values.departmentId || null,
    // Untouched, the server takes the category's default.
    priority: values.priority || null,
    title: optional(values.title),
    description: values.description.trim(),
    location: Object.values(location).some((part) => part !== null) ? location : null,
    idempotencyKey,
  };
}

/** One key per filled-in form: a double click or a retry after a lost answer gives one ticket. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; a plain-http intranet still has getRandomValues.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
