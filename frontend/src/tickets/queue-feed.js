// The console's one ticketEvents subscription. It outlives the queue page (an agent reading a
// ticket still hears of a new assignment), remembers which tickets are new or changed until they
// are seen, and raises the alert when a ticket is assigned to the signed-in person.
import { live } from "../kit/api.js";
import { announce } from "../kit/announce.js";
import { chime } from "../kit/alerts.js";
import { t } from "../kit/i18n.js";
import { ROUTE_CHANGED, currentPath, match } from "../kit/router.js";
import { can } from "../kit/roles.js";
import { setUnseenCount } from "../kit/title.js";
import { USER_CHANGED, currentUser } from "../auth/session.js";
import { ROW_FIELDS } from "./queue-api.js";

/**
 * @typedef {{ cursor: string, event: { id: string, type: string, actor: { id: string } | null }, ticket: import("./queue-api.js").QueueRow }} FeedMessage
 * @typedef {"new" | "changed"} Mark
 */

const EVENTS = `subscription QueueEvents($after: String) {
  ticketEvents(after: $after) { cursor event { id type actor { id } } ticket { ...QueueRow } }
}
${ROW_FIELDS}`;

const RESTART_MS = 5000;

/** @type {Map<string, Mark>} */
const marks = new Map();
/** Tickets this session has shown in a queue: an event about another one is about a new ticket (to us). */
const known = new Set();
/** Assigned to me and not opened yet: ticket id → reference. */
const unseenAssigned = new Map();
/** @type {Set<(message: FeedMessage | null) => void>} */
const listeners = new Set();
/** @type {(() => void) | null} */
let stop = null;
let userId = "";

/** Starts the subscription for the signed-in user (once; again after a change of user). */
export function startFeed() {
  const me = currentUser();
  if (!me || !can(me, "queue")) return;
  if (me.id !== userId) stopFeed(); // another person: nothing of the last one's carries over
  if (stop) return;
  userId = me.id;
  stop = live(EVENTS, {}, {
    next: (data) => receive(data.ticketEvents),
    cursorOf: (data) => data?.ticketEvents?.cursor,
    // A dropped socket is retried by the client, resuming from the last cursor; an error ends
    // this subscription, so start a new one (from now: the queue reloads itself on reconnect).
    error: () => {
      stop = null;
      setTimeout(startFeed, RESTART_MS);
    },
  });
  seenFromPath();
}

function stopFeed() {
  try {
    stop?.();
  } catch {
    // the socket was already closed by sign-out
  }
  stop = null;
  userId = "";
  marks.clear();
  known.clear();
  unseenAssigned.clear();
  setUnseenCount(0);
}

/** @param {FeedMessage} message */
function receive(message) {
  const { event, ticket } = message;
  // One's own changes are no news to oneself (they still refresh the queue).
  const byMe = event.actor?.id === userId;
  if (!byMe && !isOpen(ticket.id)) {
    // New: just created, or never shown to us before (routed to our department); a ticket that
    // is new stays new until seen, whatever happens to it meanwhile.
    const fresh = event.type === "CREATED" || marks.get(ticket.id) === "new" || !known.has(ticket.id);
    marks.set(ticket.id, fresh ? "new" : "changed");
  }
  known.add(ticket.id);
  if (event.type === "ASSIGNED" && ticket.assignee?.id === userId && !byMe && !isOpen(ticket.id)) {
    unseenAssigned.set(ticket.id, ticket.reference);
    setUnseenCount(unseenAssigned.size);
    chime();
    announce(t("queue.alert.assigned", { reference: ticket.reference, title: ticket.title }));
  }
  for (const listener of listeners) listener(message);
}

/** Whether the ticket is open on screen right now (then it is being seen as it changes). */
function isOpen(/** @type {string} */ id) {
  return match("/tickets/:id", currentPath())?.id === id;
}

/** @param {(message: FeedMessage | null) => void} listener called per event, and with null when marks change */
export function onFeed(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function markOf(/** @type {string} */ id) {
  return marks.get(id);
}

export function markCount() {
  return marks.size;
}

/** The ticket has been seen (opened): no more mark, no more unseen assignment. */
export function seen(/** @type {string} */ id) {
  const hadMark = marks.delete(id);
  const hadAssignment = unseenAssigned.delete(id);
  setUnseenCount(unseenAssigned.size);
  if (hadMark || hadAssignment) for (const listener of listeners) listener(null);
}

export function clearMarks() {
  marks.clear();
  unseenAssigned.clear();
  setUnseenCount(0);
  for (const listener of listeners) listener(null);
}

export function noteKnown(/** @type {Iterable<string>} */ ids) {
  for (const id of ids) known.add(id);
}

function seenFromPath() {
  const opened = match("/tickets/:id", currentPath());
  if (opened) seen(opened.id);
}

window.addEventListener(ROUTE_CHANGED, seenFromPath);
window.addEventListener(USER_CHANGED, () => {
  if (currentUser()?.id !== userId) stopFeed();
  if (currentUser()) startFeed();
});
