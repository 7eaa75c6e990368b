// Sends the draft: submitRequest as a GraphQL multipart request when it carries files, with the
// draft's idempotency key, so a retry after a lost answer returns the same reference instead of a
// second request. Server refusals come back as errors on the question they are about.
import { mutate } from "../../kit/api.js";
import { fromUserErrors } from "../../kit/form-errors.js";
import { graphqlLanguage, has, t } from "../../kit/i18n.js";
import { discard, draft, idempotencyKey, update } from "./draft.js";
import { getFile } from "./file-store.js";
import { PRIVACY_NOTICE_VERSION } from "./privacy.js";

const SUBMIT = `mutation($input: SubmitRequestInput!) { submitRequest(input: $input) {
  reference secret retryAfter userErrors { field code message }
} }`;
const SENT_KEY = "cozum.portal.sent";

/**
 * @typedef {import("../../kit/form-errors.js").FormError} FormError
 * @typedef {{ reference: string, secret: string }} Sent
 * @typedef {{ sent: Sent } | { errors: FormError[] } | { offline: true }} Outcome
 */

/** The server's name for a field (the last part of its path) → the question that asks it. */
const FIELDS = /** @type {Record<string, string>} */ ({
  categoryId: "category", latitude: "location", longitude: "location", address: "location",
  neighbourhood: "location", attachments: "photos", file: "photos",
});

/** @param {string | null | undefined} text */
function orNull(text) {
  return text?.trim() ? text.trim() : null;
}

async function inputAndFiles() {
  const answers = draft();
  const { point, address, neighbourhood } = answers.location;
  const hasLocation = point || orNull(address) || orNull(neighbourhood);
  /** @type {Record<string, unknown>} */
  const input = {
    categoryId: answers.categoryId,
    description: answers.description.trim(),
    location: hasLocation ? { latitude: point?.latitude ?? null, longitude: point?.longitude ?? null, address: orNull(address), neighbourhood: orNull(neighbourhood) } : null,
    contact: { name: orNull(answers.name), phone: orNull(answers.phone), email: orNull(answers.email) },
    replyChannel: answers.replyChannel || "NONE",
    idempotencyKey: idempotencyKey(),
    language: graphqlLanguage(),
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
  };
  /** @type {import("../../kit/api.js").Upload[]} */
  const files = [];
  for (const [index, entry] of answers.files.entries()) {
    const blob = await getFile(entry.id);
    if (!blob) return { missing: entry.name };
    files.push({ path: `input.attachments.${index}`, file: blob, name: entry.name });
  }
  if (files.length) input.attachments = files.map(() => null);
  return { input, files };
}

/** @param {import("../../kit/api.js").UserError[]} userErrors @returns {FormError[]} */
function mapped(userErrors) {
  return fromUserErrors(userErrors).map((error, i) => {
    const path = userErrors[i].field ?? [];
    const field = path.includes("attachments") ? "photos" : path.includes("location") ? "location" : error.field && (FIELDS[error.field] ?? error.field);
    const specific = `portal.error.${userErrors[i].code}`;
    return { field, message: has(specific) ? t(specific) : error.message };
  });
}

/** @returns {Promise<Outcome>} */
export async function send(retried = false) {
  const prepared = await inputAndFiles();
  if ("missing" in prepared) return { errors: [{ field: "photos", message: t("portal.check.fileMissing", { name: prepared.missing ?? "" }) }] };
  if (!navigator.onLine) return offline();
  // Not marked pending while in flight: going back to change an answer meanwhile must not make
  // the check page send the changed answers by itself as a second request.
  let payload;
  try {
    payload = await mutate(SUBMIT, { input: prepared.input }, prepared.files);
  } catch (failure) {
    const code = /** @type {{ code?: string }} */ (failure).code;
    if (code === "NETWORK" || code?.startsWith("HTTP_5")) return offline();
    update({ pending: false });
    return { errors: [{ field: null, message: code === "HTTP_413" ? t("portal.error.FILE_TOO_LARGE") : t("common.requestFailed") }] };
  }
  update({ pending: false });
  if (payload.reference && payload.secret) {
    const sent = { reference: payload.reference, secret: payload.secret };
    sessionStorage.setItem(SENT_KEY, JSON.stringify(sent));
    await discard();
    return { sent };
  }
  /** @type {import("../../kit/api.js").UserError[]} */
  const userErrors = payload.userErrors;
  // The key was used for other answers (changed in another tab after a lost answer): a new key
  // makes these answers a request of their own.
  if (!retried && userErrors.some((e) => e.code === "DUPLICATE_KEY" && e.field?.at(-1) === "idempotencyKey")) {
    update({ idempotencyKey: null });
    return send(true);
  }
  if (payload.retryAfter) return { errors: [{ field: null, message: t("portal.error.wait", { seconds: payload.retryAfter }) }] };
  return { errors: mapped(userErrors) };
}

/** @returns {Outcome} */
function offline() {
  // Kept as pending: the check page sends it by itself when the connection is back.
  update({ pending: true });
  return { offline: true };
}

/** The last request sent from this browser (the done page survives a reload). @returns {Sent | null} */
export function lastSent() {
  try {
    return JSON.parse(sessionStorage.getItem(SENT_KEY) ?? "null");
  } catch {
    return null;
  }
}
