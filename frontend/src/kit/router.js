// Client-side routes under /console/, on the History API: every page and every filter has a URL
// that can be shared, reloaded and gone back to.
export const BASE = "/console";
export const ROUTE_CHANGED = "cozum:route";

/** The path below /console/, always starting with "/". */
export function currentPath() {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return path === "" ? "/" : path;
}

export function currentQuery() {
  return new URLSearchParams(location.search);
}

/** "/tickets/123" + "?status=NEW" as a full console URL. */
export function href(/** @type {string} */ path, /** @type {URLSearchParams | string} */ query = "") {
  const search = String(query);
  return `${BASE}${path}${search ? `?${search}` : ""}`;
}

/**
 * @param {string} url a console URL (as made by `href`)
 * @param {{ replace?: boolean }} [options]
 */
export function navigate(url, options = {}) {
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  window.dispatchEvent(new CustomEvent(ROUTE_CHANGED));
}

/** Changes the query string of the current page (filters), keeping the path. */
export function setQuery(/** @type {URLSearchParams} */ query, options = {}) {
  navigate(location.pathname + (String(query) ? `?${query}` : ""), options);
}

/**
 * Matches "/tickets/:id" against a path; the named parts, or null.
 * @param {string} pattern
 * @param {string} path
 * @returns {Record<string, string> | null}
 */
export function match(pattern, path) {
  const want = pattern.split("/");
  const have = path.split("/");
  if (want.length !== have.length) return null;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      const value = decoded(have[i]);
      if (value === null) return null;
      params[want[i].slice(1)] = value;
    } else if (want[i] !== have[i]) return null;
  }
  return params;
}

/** A path segment decoded, or null when its %-escapes are malformed (a mistyped or cut-off link). */
function decoded(/** @type {string} */ segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Same-origin console links navigate without a reload; modified clicks keep their meaning. */
export function interceptLinks(/** @type {HTMLElement} */ root) {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = /** @type {HTMLElement} */ (event.target).closest?.("a[href]");
    if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== location.origin) return;
    if (!anchor.pathname.startsWith(BASE + "/") && anchor.pathname !== BASE) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search);
  });
  window.addEventListener("popstate", () => window.dispatchEvent(new CustomEvent(ROUTE_CHANGED)));
}
