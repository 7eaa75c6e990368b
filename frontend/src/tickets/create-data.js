// What the create form reads and writes on the server: the choices it offers (loaded fresh each
// time the form opens, so a category an administrator just added is there), the citizen's
// earlier requests, and createTicket itself.
import { mutate, request } from "../kit/api.js";

/**
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string }} DepartmentChoice
 * @typedef {{
 *   id: string, code: string, nameTr: string, nameEn: string, remit: "MUNICIPAL" | "EXTERNAL",
 *   externalInstitution: string | null, defaultPriority: string, slaHours: number | null,
 *   department: DepartmentChoice | null,
 * }} CategoryChoice
 * @typedef {{ id: string, reference: string, title: string, status: string, createdAt: string }} EarlierRequest
 */

const DEPARTMENT = "id code nameTr nameEn";
const CATEGORIES = `query CreateCategories($after: String) {
  categories(first: 100, after: $after) {
    edges { node { id code nameTr nameEn remit externalInstitution defaultPriority slaHours department { ${DEPARTMENT} } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DEPARTMENTS = `query CreateDepartments($after: String) {
  departments(first: 100, after: $after) { edges { node { ${DEPARTMENT} } } pageInfo { hasNextPage endCursor } }
}`;
const EARLIER = `query EarlierRequests($contact: String!) {
  tickets(filter: { contact: $contact }, first: 5, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount
    edges { node { id reference title status createdAt } }
  }
}`;
const CREATE = `mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id reference } userErrors { field code message } }
}`;

/**
 * Every page of a connection (the lists are short, but an administrator may add to them).
 * @param {string} query
 * @param {string} root
 */
async function all(query, root) {
  const nodes = [];
  /** @type {string | null} */
  let after = null;
  do {
    const page = (await request(query, { after }))[root];
    nodes.push(...page.edges.map((/** @type {{ node: any }} */ edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

/** Active categories and departments (the server leaves inactive ones out by default). */
export async function loadChoices() {
  const [categories, departments] = await Promise.all([all(CATEGORIES, "categories"), all(DEPARTMENTS, "departments")]);
  return {
    categories: /** @type {CategoryChoice[]} */ (categories),
    departments: /** @type {DepartmentChoice[]} */ (departments),
  };
}

/**
 * The latest requests made with this phone number or e-mail address.
 * @param {string} contact
 * @returns {Promise<{ total: number, requests: EarlierRequest[] }>}
 */
export async function earlierRequests(contact) {
  const { tickets } = await request(EARLIER, { contact });
  return { total: tickets.totalCount, requests: tickets.edges.map((/** @type {{ node: EarlierRequest }} */ e) => e.node) };
}

/**
 * Files go as a multipart request, each at its place in `input.attachments`.
 * @param {Record<string, unknown>} input
 * @param {File[]} [files]
 */
export function createTicket(input, files = []) {
  if (!files.length) return mutate(CREATE, { input });
  const uploads = files.map((file, i) => ({ path: `input.attachments.${i}`, file, name: file.name }));
  return mutate(CREATE, { input: { ...input, attachments: files.map(() => null) } }, uploads);
}
