// Ready-made replies to the citizen, in the catalogues (ticket.canned.<key>.title/body) so each
// language has its own wording; {name} and {reference} are filled in from the ticket.
import { t } from "../kit/i18n.js";

export const CANNED = ["received", "moreInfo", "scheduled", "delay", "resolved", "forwarded"];

/**
 * The template's text for this ticket, ready for editing.
 * @param {string} key
 * @param {import("./ticket-query.js").Ticket} ticket
 */
export function cannedText(key, ticket) {
  const name = ticket.contact?.name?.trim() || t("ticket.canned.citizen");
  return t(`ticket.canned.${key}.body`, { name, reference: ticket.reference });
}
