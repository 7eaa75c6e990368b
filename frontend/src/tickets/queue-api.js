// What the queue reads and writes on the server. The row's fields are one fragment, shared by the
// page query and the live subscription, so a ticket that arrives live renders like a loaded one.
import { mutate, request } from "../kit/api.js";
import { USER_CHANGED, currentUser } from "../auth/session.js";

/**
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string }} DepartmentRef
 * @typedef {{ id: string, nameTr: string, nameEn: string, department: { id: string } | null }} CategoryRef
 * @typedef {{ id: string, name: string }} StaffRef
 * @typedef {{
 *   id: string, reference: string, title: string, status: string, version: number, priority: string,
 *   channel: string, createdAt: string, dueAt: string | null, overdue: boolean, closedAt: string | null,
 *   category: CategoryRef, department: DepartmentRef | null, assignee: StaffRef | null,
 * }} QueueRow
 * @typedef {{ hasNextPage: boolean, endCursor: string | null }} PageInfo
 * @typedef {{ id: string, name: string, query: string }} SavedView
 */

export const PAGE_SIZE = 50;
// The server refuses a page of more than this many tickets (BAD_REQUEST).
export const PAGE_MAX = 100;
// The live refresh reloads what is on screen in pages of PAGE_MAX, up to this many rows: past
// that, one event would cost too many requests; the rows beyond come back with "load more".
export const REFRESH_MAX = 500;

export const ROW_FIELDS = `fragment QueueRow on Ticket {
  id reference title status version priority channel createdAt dueAt overdue closedAt
  category { id nameTr nameEn department { id } }
  department { id code nameTr nameEn }
  assignee { id name }
}`;

const TICKETS = `query QueueTickets($filter: TicketFilter, $orderBy: TicketOrder, $first: Int, $after: String) {
  tickets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { node { ...QueueRow } }
    pageInfo { hasNextPage endCursor }
  }
}
${ROW_FIELDS}`;

const COUNTS = `query QueueCounts($filter: TicketFilter) { ticketCounts(filter: $filter) { status count } }`;

const CHOICES = `query QueueChoices {
  departments(first: 100) { edges { node { id code nameTr nameEn } } }
  categories(first: 100) { edges { node { id nameTr nameEn department { id } } } }
}`;

const ASSIGNABLE = `query QueueAssignable($departmentId: ID!) { assignableStaff(departmentId: $departmentId) { id name } }`;

const VIEWS = `query QueueViews { savedViews { id name query } }`;
const SAVE_VIEW = `mutation QueueSaveView($input: SaveViewInput!) {
  saveView(input: $input) { view { id name query } userErrors { field code message } }
}`;
const DELETE_VIEW = `mutation QueueDeleteView($input: DeleteViewInput!) {
  deleteView(input: $input) { userErrors { field code message } }
}`;

/**
 * @param {Record<string, unknown>} filter
 * @param {Record<string, unknown>} orderBy
 * @param {number} first
 * @param {string | null} [after]
 * @returns {Promise<{ rows: QueueRow[], pageInfo: PageInfo, totalCount: number }>}
 */
export async function loadTickets(filter, orderBy, first, after = null) {
  const { tickets } = await request(TICKETS, { filter, orderBy, first, after });
  return { rows: tickets.edges.map((/** @type {{ node: QueueRow }} */ e) => e.node), pageInfo: tickets.pageInfo, totalCount: tickets.totalCount };
}

/** @param {Record<string, unknown>} filter @returns {Promise<Map<string, number>>} */
export async function loadCounts(filter) {
  const { ticketCounts } = await request(COUNTS, { filter });
  return new Map(ticketCounts.map((/** @type {{ status: string, count: number }} */ c) => [c.status, c.count]));
}

/** @returns {Promise<{ departments: DepartmentRef[], categories: CategoryRef[] }>} */
export async function loadChoices() {
  const data = await request(CHOICES);
  const nodes = (/** @type {{ edges: { node: any }[] }} */ c) => c.edges.map((e) => e.node);
  return { departments: nodes(data.departments), categories: nodes(data.categories) };
}

/** @type {Map<string, Promise<StaffRef[]>>} */
const assignableCache = new Map();

// Who may be listed depends on who asks (agents and managers see their own department only), so
// the lists are kept per person: a page of the previous user still asking while the next signs in
// in the same tab cannot hand its answer on. Another sign-in also drops the old lists.
window.addEventListener(USER_CHANGED, () => assignableCache.clear());

/** Who may take a ticket of the department (kept while the same user is signed in: staff rarely change). */
export function loadAssignable(/** @type {string} */ departmentId) {
  const key = `${currentUser()?.id ?? ""}:${departmentId}`;
  let staff = assignableCache.get(key);
  if (!staff) {
    staff = request(ASSIGNABLE, { departmentId }).then((d) => /** @type {StaffRef[]} */ (d.assignableStaff));
    const mine = staff;
    staff.catch(() => assignableCache.get(key) === mine && assignableCache.delete(key));
    assignableCache.set(key, staff);
  }
  return staff;
}

/** @returns {Promise<SavedView[]>} */
export async function loadViews() {
  return (await request(VIEWS)).savedViews;
}

/** @param {string} name @param {string} query */
export function saveView(name, query) {
  return mutate(SAVE_VIEW, { input: { name, query } });
}

export function deleteView(/** @type {string} */ id) {
  return mutate(DELETE_VIEW, { input: { id } });
}

const ASSIGN = `mutation QueueAssign($input: AssignTicketInput!) { assignTicket(input: $input) { ticket { ...QueueRow } userErrors { field code message } } }
${ROW_FIELDS}`;
const ROUTE = `mutation QueueRoute($input: RouteTicketInput!) { routeTicket(input: $input) { ticket { ...QueueRow } userErrors { field code message } } }
${ROW_FIELDS}`;
const STATUS = `mutation QueueStatus($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ticket { ...QueueRow } userErrors { field code message } } }
${ROW_FIELDS}`;

/** The bulk actions' mutations, by action name; each takes the mutation's input. */
export const BULK_MUTATIONS = {
  assign: (/** @type {Record<string, unknown>} */ input) => mutate(ASSIGN, { input }),
  route: (/** @type {Record<string, unknown>} */ input) => mutate(ROUTE, { input }),
  status: (/** @type {Record<string, unknown>} */ input) => mutate(STATUS, { input }),
};
