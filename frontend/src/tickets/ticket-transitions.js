// The lifecycle table of the server (tickets/transitions.py), so the status form offers only
// the moves that would succeed. The server still decides.

const CLOSING = ["RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE"];

/** @type {Record<string, string[]>} */
const NEXT = {
  NEW: ["IN_PROGRESS", "ON_HOLD", ...CLOSING],
  ROUTED: ["IN_PROGRESS", "SCHEDULED", "ON_HOLD", ...CLOSING],
  IN_PROGRESS: ["SCHEDULED", "ON_HOLD", ...CLOSING],
  SCHEDULED: ["IN_PROGRESS", "ON_HOLD", ...CLOSING],
  ON_HOLD: ["IN_PROGRESS", "SCHEDULED", ...CLOSING],
};

export const CLOSED_STATUSES = new Set(CLOSING);

/** The statuses changeTicketStatus accepts from `status` (none once the ticket is closed). */
export function nextStatuses(/** @type {string} */ status) {
  return NEXT[status] ?? [];
}

export function isClosed(/** @type {string} */ status) {
  return CLOSED_STATUSES.has(status);
}

/** What the input must also carry to enter a status. */
export const REQUIRED_FOR = /** @type {Record<string, "reason" | "institution" | "duplicateOfId">} */ ({
  REJECTED: "reason",
  FORWARDED: "institution",
  DUPLICATE: "duplicateOfId",
});

// Changes that move the ticket's version (notes, replies and reveals do not): the one that
// made a submit stale is the latest of these.
const VERSIONED = new Set(["ROUTED", "ASSIGNED", "STATUS_CHANGED", "REOPENED", "MERGED"]);

/**
 * The latest entry that changed the ticket itself.
 * @param {import("./ticket-query.js").TicketEvent[]} events oldest first
 */
export function lastChange(events) {
  for (let i = events.length - 1; i >= 0; i--) if (VERSIONED.has(events[i].type)) return events[i];
  return null;
}
