// Who has a ticket open right now. Subscribing is what makes the user one of its viewers; the
// server sends the whole list whenever someone arrives or leaves (and drops those who vanish).
import { live } from "../kit/api.js";

const VIEWERS = `subscription TicketViewers($ticketId: ID!) {
  ticketViewers(ticketId: $ticketId) { ticketId viewers { id name } }
}`;

/** @typedef {{ id: string, name: string }} Viewer */

/**
 * Follows the viewers of a ticket until the returned function is called.
 * @param {string} ticketId
 * @param {(viewers: Viewer[]) => void} onViewers
 * @param {(code: string) => void} [onUnavailable] the server ended it (NOT_FOUND: the ticket is no longer
 *   readable, e.g. routed to another department); the list is then unknown
 * @returns {() => void}
 */
export function watchViewers(ticketId, onViewers, onUnavailable) {
  return live(VIEWERS, { ticketId }, {
    next: (data) => onViewers(data.ticketViewers?.viewers ?? []),
    error: (failure) => onUnavailable?.(failure.code),
  });
}
