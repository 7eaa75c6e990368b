// Administration lists are short (tens, at most a few hundred rows) but a page holds at most
// 100: read every page, so a table never silently stops at the hundredth row.
import { request } from "./api.js";

const PAGE = 100;

/**
 * Every node of the one connection `query` asks for.
 * @param {string} query declares `$first: Int` and `$after: String` and passes them to its one root field
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<any[]>}
 */
export async function allNodes(query, variables = {}) {
  /** @type {any[]} */
  const nodes = [];
  /** @type {string | null} */
  let after = null;
  for (;;) {
    const data = await request(query, { ...variables, first: PAGE, after });
    const connection = /** @type {any} */ (Object.values(data)[0]);
    nodes.push(...connection.edges.map((/** @type {{ node: any }} */ edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor;
  }
}
