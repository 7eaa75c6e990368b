// What each role may do, mirrored from the server's permission table so the console offers only
// the actions that would succeed. The server still decides: this only hides what would be refused.

/** @typedef {"ADMIN" | "OPERATOR" | "AGENT" | "MANAGER" | "VIEWER"} Role */
/** @typedef {"queue" | "create" | "route" | "assign" | "status" | "reopen" | "reply" | "note" | "merge" | "reveal" | "dashboard" | "admin" | "templates"} Ability */

const TICKET_WORK = ["queue", "assign", "status", "reply", "note", "reveal"];
const ROUTING = ["create", "route", "reopen", "merge"];

/** @type {Record<Role, Set<string>>} */
const ABILITIES = {
  ADMIN: new Set([...TICKET_WORK, ...ROUTING, "dashboard", "admin", "templates"]),
  OPERATOR: new Set([...TICKET_WORK, ...ROUTING]),
  MANAGER: new Set([...TICKET_WORK, ...ROUTING, "dashboard"]),
  AGENT: new Set(TICKET_WORK),
  VIEWER: new Set(["dashboard"]),
};

/**
 * @param {{ role?: string | null } | null | undefined} user
 * @param {Ability} ability
 */
export function can(user, ability) {
  const abilities = user?.role ? ABILITIES[/** @type {Role} */ (user.role)] : undefined;
  return abilities?.has(ability) ?? false;
}

/** Where a user lands after signing in. */
export function homePath(/** @type {{ role?: string | null }} */ user) {
  return can(user, "queue") ? "/" : "/dashboard";
}
