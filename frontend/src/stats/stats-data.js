// The dashboard's data: the live counters (pushed by the server when they change) and the
// department ranking (asked for again when they do).
import { live, request } from "../kit/api.js";

/**
 * @typedef {{ received: number, resolved: number, pending: number, overdue: number, receivedToday: number, at: string }} LiveStats
 * @typedef {{
 *   department: { id: string, code: string, nameTr: string, nameEn: string },
 *   received: number, resolved: number, pending: number, overdue: number, resolvedShare: number,
 * }} DepartmentStat
 */

const LIVE_STATS = "subscription DashboardStats { liveStats { received resolved pending overdue receivedToday at } }";
const DEPARTMENT_STATS = `query DepartmentRanking {
  departmentStats { department { id code nameTr nameEn } received resolved pending overdue resolvedShare }
}`;

/**
 * @param {(stats: LiveStats) => void} next
 * @param {(error: import("../kit/api.js").RequestFailed) => void} error
 * @returns {() => void} stops
 */
export function watchStats(next, error) {
  return live(LIVE_STATS, {}, { next: (data) => next(data.liveStats), error });
}

/** Departments, most resolved first; ties keep the server's order (by code). */
export async function departmentRanking() {
  const { departmentStats } = await request(DEPARTMENT_STATS);
  return /** @type {DepartmentStat[]} */ ([...departmentStats]).sort((a, b) => b.resolved - a.resolved);
}
