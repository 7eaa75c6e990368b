// The entries the ticket page shows, kept by event id across refreshes. The ticket is read with
// its latest page of entries; after "show earlier entries" and then a refresh, that page has moved
// on while the earlier ones stay: entries from both are merged, none is dropped or doubled, and
// whatever fell between the entries shown and the new latest page is read too.
import { fetchLater } from "./ticket-query.js";

/** @typedef {import("./ticket-query.js").TimelineEdge} TimelineEdge */

/**
 * Entries by event id, oldest first; a fresh copy replaces a known one (labels follow the language).
 * @param {TimelineEdge[]} known
 * @param {TimelineEdge[]} fresh
 * @returns {TimelineEdge[]}
 */
export function mergeEdges(known, fresh) {
  const byId = new Map(known.map((edge) => [edge.node.id, edge]));
  for (const edge of fresh) byId.set(edge.node.id, edge);
  // The event cursor is the event's number: the timeline's own order.
  return [...byId.values()].sort((a, b) => Number(a.node.cursor) - Number(b.node.cursor));
}

/**
 * What a fresh read of the ticket adds to the entries shown: its latest page, and when that page
 * does not reach back to the newest entry shown, the entries in between.
 * @param {string} ticketId
 * @param {TimelineEdge[]} shown
 * @param {import("../tickets/ticket-query.js").Ticket["timeline"]} latest
 * @returns {Promise<TimelineEdge[]>}
 */
export async function entriesSince(ticketId, shown, latest) {
  const first = latest.edges[0];
  const newest = shown.at(-1);
  const known = new Set(shown.map((edge) => edge.node.id));
  if (!first || !newest || !latest.pageInfo.hasPreviousPage || known.has(first.node.id)) return latest.edges;
  /** @type {TimelineEdge[]} */
  let added = [];
  let after = newest.cursor;
  for (;;) {
    const page = await fetchLater(ticketId, after);
    added = [...added, ...page.edges];
    if (page.edges.some((edge) => edge.node.id === first.node.id) || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  return [...added, ...latest.edges];
}
