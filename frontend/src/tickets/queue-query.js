// The queue's filters and order live in the URL query, so a view can be shared, reloaded, gone
// back to and saved (a saved view is this query string). Unknown or malformed values are dropped
// rather than sent, so an edited link still opens a working queue.

export const STATUSES = ["NEW", "ROUTED", "IN_PROGRESS", "SCHEDULED", "ON_HOLD", "RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE"];
export const CLOSED = new Set(["RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE"]);
export const CHANNELS = ["WHATSAPP", "PHONE", "PETITION", "EMAIL", "IN_PERSON", "SOCIAL_MEDIA", "WEB", "OPEN311", "API", "CIMER"];
export const REQUEST_TYPES = ["COMPLAINT", "REQUEST", "SUGGESTION", "REPORT", "INFORMATION", "THANKS"];
export const SORTS = /** @type {const} */ ({ created: "CREATED_AT", updated: "UPDATED_AT", due: "DUE_AT" });

/**
 * @typedef {"open" | "closed" | "all"} Scope
 * @typedef {{
 *   statuses: string[], scope: Scope, department: string, category: string, channel: string,
 *   type: string, assignee: string, hood: string, q: string, from: string, to: string,
 *   overdue: boolean, sort: keyof typeof SORTS, dir: "asc" | "desc",
 * }} QueueState  `assignee`: "" (anyone), "me", "unassigned", "me-or-unassigned" or a StaffUser id
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 200;

/** @returns {QueueState} */
export function emptyState() {
  return {
    statuses: [], scope: "open", department: "", category: "", channel: "", type: "", assignee: "",
    hood: "", q: "", from: "", to: "", overdue: false, sort: "created", dir: "desc",
  };
}

/** @param {URLSearchParams} params @returns {QueueState} */
export function stateFromQuery(params) {
  const state = emptyState();
  const text = (/** @type {string} */ name) => (params.get(name) ?? "").trim().slice(0, TEXT_MAX);
  const scope = params.get("scope");
  if (scope === "closed" || scope === "all") state.scope = scope;
  state.statuses = [...new Set(text("status").split(","))].filter((s) => STATUSES.includes(s) && inScope(s, state.scope));
  state.department = text("department");
  state.category = text("category");
  state.channel = CHANNELS.includes(text("channel")) ? text("channel") : "";
  state.type = REQUEST_TYPES.includes(text("type")) ? text("type") : "";
  state.assignee = text("assignee");
  state.hood = text("hood");
  state.q = text("q");
  state.from = DATE.test(text("from")) ? text("from") : "";
  state.to = DATE.test(text("to")) ? text("to") : "";
  state.overdue = params.get("overdue") === "1";
  const sort = text("sort");
  if (sort in SORTS) state.sort = /** @type {keyof typeof SORTS} */ (sort);
  if (params.get("dir") === "asc") state.dir = "asc";
  return state;
}

/** The query string for `state`: defaults left out and a fixed key order, so equal views compare equal. */
export function queryFromState(/** @type {QueueState} */ state) {
  const params = new URLSearchParams();
  const put = (/** @type {string} */ name, /** @type {string} */ value) => value && params.set(name, value);
  if (state.scope !== "open") put("scope", state.scope);
  put("status", STATUSES.filter((s) => state.statuses.includes(s)).join(","));
  put("department", state.department);
  put("category", state.category);
  put("channel", state.channel);
  put("type", state.type);
  put("assignee", state.assignee);
  put("hood", state.hood);
  put("q", state.q);
  put("from", state.from);
  put("to", state.to);
  if (state.overdue) put("overdue", "1");
  if (state.sort !== "created") put("sort", state.sort);
  if (state.dir !== "desc") put("dir", state.dir);
  return params;
}

/** @param {QueueState} state @param {Partial<QueueState>} change */
export function withChange(state, change) {
  const next = { ...state, ...change };
  next.statuses = next.statuses.filter((s) => inScope(s, next.scope));
  return next;
}

export function inScope(/** @type {string} */ status, /** @type {Scope} */ scope) {
  return scope === "all" || (scope === "closed") === CLOSED.has(status);
}

/** Statuses the counts row offers for a scope. */
export function statusesOf(/** @type {Scope} */ scope) {
  return STATUSES.filter((s) => inScope(s, scope));
}

/** Local midnight of a yyyy-mm-dd date, `days` later, as an ISO instant. */
function midnight(/** @type {string} */ date, days = 0) {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

/**
 * The TicketFilter for `state`. `withStatus: false` leaves statuses out (for the counts row,
 * which shows every status under the other filters).
 * @param {QueueState} state
 * @param {{ id: string }} me
 */
export function filterOf(state, me, withStatus = true) {
  /** @type {Record<string, unknown>} */
  const filter = {};
  if (state.scope !== "all") filter.open = state.scope === "open";
  if (withStatus && state.statuses.length) filter.status = state.statuses;
  if (state.department) filter.departmentIds = [state.department];
  if (state.category) filter.categoryIds = [state.category];
  if (state.channel) filter.channels = [state.channel];
  if (state.type) filter.requestTypes = [state.type];
  if (state.assignee === "unassigned") filter.unassigned = true;
  else if (state.assignee === "me-or-unassigned") Object.assign(filter, { assigneeIds: [me.id], unassigned: true });
  else if (state.assignee) filter.assigneeIds = [state.assignee === "me" ? me.id : state.assignee];
  if (state.hood) filter.neighbourhood = state.hood;
  if (state.q) filter.text = state.q;
  if (state.from) filter.createdAfter = midnight(state.from);
  // The "to" date is inclusive: everything before the next midnight.
  if (state.to) filter.createdBefore = midnight(state.to, 1);
  if (state.overdue) filter.overdue = true;
  return filter;
}

export function orderOf(/** @type {QueueState} */ state) {
  return { field: SORTS[state.sort], direction: state.dir === "asc" ? "ASC" : "DESC" };
}

/** How many of the filters hidden under "more filters" are set. */
export function extraFilterCount(/** @type {QueueState} */ s) {
  return [s.channel, s.type, s.hood, s.from, s.to, s.overdue ? "1" : ""].filter(Boolean).length;
}
