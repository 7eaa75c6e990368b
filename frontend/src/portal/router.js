// The portal's pages on the History API: each question has its own URL, so the browser's back
// button, a reload and a shared link all land on the same page. The tracking page's reference and
// secret live in the fragment (#r=…&s=…), which no request ever carries to a server.
export const PORTAL_ROUTE = "cozum:portal-route";

/** The portal's own paths; everything else (the console, /graphql) is left to the browser. */
const OWN = /^\/(?:$|request\/[\w-]+$|track$)/;

export function currentPath() {
  return location.pathname;
}

/**
 * @param {string} url a portal path, with query or fragment
 * @param {{ replace?: boolean }} [options]
 */
export function go(url, options = {}) {
  if (url === location.pathname + location.search + location.hash) return;
  if (options.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  window.dispatchEvent(new CustomEvent(PORTAL_ROUTE));
}

/** Same-origin links to portal pages change the page without a reload. */
export function interceptLinks(/** @type {HTMLElement} */ root) {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = /** @type {HTMLElement} */ (event.target).closest?.("a[href]");
    if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== location.origin) return;
    if (!OWN.test(anchor.pathname) || anchor.hasAttribute("download")) return;
    // A link to the fragment of this very page (an error summary's) is the page's business.
    if (anchor.pathname === location.pathname && anchor.search === location.search && anchor.hash) return;
    event.preventDefault();
    go(anchor.pathname + anchor.search + anchor.hash);
  });
  window.addEventListener("popstate", () => window.dispatchEvent(new CustomEvent(PORTAL_ROUTE)));
}

/** `#r=…&s=…` of the tracking link, or null parts when absent. */
export function trackingFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { reference: params.get("r"), secret: params.get("s") };
}

/** The tracking link the citizen keeps: the secret only in the fragment. */
export function trackingLink(/** @type {string} */ reference, /** @type {string} */ secret) {
  return `${location.origin}/track#r=${encodeURIComponent(reference)}&s=${encodeURIComponent(secret)}`;
}
