// Every GraphQL request and subscription of the console goes through this module: one place
// that adds the CSRF header, recognises an expired session and keeps the live socket alive.
import { createClient } from "graphql-ws";

const ENDPOINT = "/graphql";
const CSRF_COOKIE = "cozum_csrf";
/** Top-level error codes that mean "sign in again", whatever the operation was. */
const SESSION_GONE = new Set(["NOT_AUTHENTICATED", "CSRF_FAILED"]);
/**
 * The close code the server's periodic rights check uses when the socket's session has ended
 * (signed out, "log out everywhere", deactivated, expired). Its 4403 means the rights changed
 * while the session lives on: that one is retried, and the new socket carries the new rights.
 */
const SESSION_ENDED_CLOSE = 4401;

export const SESSION_EXPIRED = "cozum:session-expired";
export const LIVE_STATE = "cozum:live-state";

/**
 * @typedef {{ message: string, extensions?: { code?: string } }} GraphQLErrorShape
 * @typedef {{ field?: string[] | null, code: string, message: string }} UserError
 */

export class RequestFailed extends Error {
  /** @param {GraphQLErrorShape[]} errors */
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? "UNKNOWN";
  }
}

function csrfToken() {
  const pair = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : "";
}

/**
 * A file sent with an operation, by the GraphQL multipart request spec.
 * @typedef {{ path: string, file: Blob, name: string }} Upload  `path` in variables, e.g. "input.attachments.0"
 */

/**
 * `operations` (with null where each file goes), `map` (file → variable path), then the files.
 * @param {string} query @param {Record<string, unknown>} variables @param {Upload[]} files
 */
function multipartBody(query, variables, files) {
  const operations = { query, variables: structuredClone(variables) };
  /** @type {Record<string, string[]>} */
  const map = {};
  files.forEach((upload, index) => {
    const keys = upload.path.split(".");
    const last = /** @type {string} */ (keys.pop());
    /** @type {any} */
    let node = operations.variables;
    for (const key of keys) node = node[key];
    node[last] = null;
    map[String(index)] = [`variables.${upload.path}`];
  });
  const body = new FormData();
  body.append("operations", JSON.stringify(operations));
  body.append("map", JSON.stringify(map));
  files.forEach((upload, index) => body.append(String(index), upload.file, upload.name));
  return body;
}

/**
 * Runs a query or mutation; resolves to `data`, rejects with RequestFailed. With `files`, the
 * request is multipart (the browser sets its content type and boundary).
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @param {Upload[]} [files]
 * @returns {Promise<any>}
 */
export async function request(query, variables = {}, files = []) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      credentials: "same-origin",
      headers: files.length
        ? { "x-csrf-token": csrfToken() }
        : { "content-type": "application/json", "x-csrf-token": csrfToken() },
      body: files.length ? multipartBody(query, variables, files) : JSON.stringify({ query, variables }),
    });
  } catch {
    throw new RequestFailed([{ message: "network", extensions: { code: "NETWORK" } }]);
  }
  /** @type {any} */
  let body;
  try {
    body = await response.json();
  } catch {
    throw new RequestFailed([{ message: `HTTP ${response.status}`, extensions: { code: "HTTP_" + response.status } }]);
  }
  const errors = body.errors ?? (body.code ? [{ message: body.message ?? body.code, extensions: { code: body.code } }] : null);
  if (errors?.length) {
    const failure = new RequestFailed(errors);
    if (SESSION_GONE.has(failure.code)) sessionExpired();
    throw failure;
  }
  return body.data;
}

/**
 * A mutation's payload (the one root field of `query`), userErrors included.
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @param {Upload[]} [files]
 * @returns {Promise<any>}
 */
export async function mutate(query, variables = {}, files = []) {
  const data = await request(query, variables, files);
  return Object.values(data)[0];
}

/** @type {import("graphql-ws").Client | null} */
let client = null;

/** @param {unknown} event */
function sessionEnded(event) {
  return typeof event === "object" && event !== null && "code" in event && event.code === SESSION_ENDED_CLOSE;
}

function sessionExpired() {
  window.dispatchEvent(new CustomEvent(SESSION_EXPIRED));
}

function liveClient() {
  if (client) return client;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  let attempts = 0;
  /** @type {import("graphql-ws").Client} */
  const created = createClient({
    url: `${scheme}//${location.host}${ENDPOINT}`,
    lazy: false,
    // Staff keep the console open all day: never give up, but back off up to half a minute;
    // except when the session is over, where every retry would be refused the same way.
    retryAttempts: Infinity,
    shouldRetry: (event) => !sessionEnded(event),
    retryWait: async (retries) => {
      const ceiling = Math.min(30_000, 500 * 2 ** Math.min(retries, 6));
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    },
    on: {
      connected: () => {
        attempts = 0;
        window.dispatchEvent(new CustomEvent(LIVE_STATE, { detail: "connected" }));
      },
      closed: (event) => {
        if (sessionEnded(event)) {
          // Not "offline": this socket will never work again. Sign in, then come back.
          if (client === created) closeLive();
          sessionExpired();
          return;
        }
        attempts += 1;
        window.dispatchEvent(new CustomEvent(LIVE_STATE, { detail: attempts > 1 ? "offline" : "reconnecting" }));
      },
    },
  });
  client = created;
  return created;
}

/**
 * A live subscription. When the payload carries a cursor (`cursorOf`), the subscription's `after`
 * variable follows it: graphql-ws re-sends this very payload object after a reconnect, so the
 * server replays exactly what was missed while the socket was down.
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {{ next: (data: any) => void, error?: (e: RequestFailed) => void, cursorOf?: (data: any) => string | null | undefined }} handlers
 * @returns {() => void} stops the subscription
 */
export function live(query, variables, handlers) {
  const payload = { query, variables: { ...variables } };
  /** @param {RequestFailed} failure */
  const failed = (failure) => {
    // A socket that reconnected after the session ended is anonymous: its subscriptions are refused.
    if (SESSION_GONE.has(failure.code)) sessionExpired();
    handlers.error?.(failure);
  };
  return liveClient().subscribe(payload, {
    next: (result) => {
      if (result.errors?.length) {
        failed(new RequestFailed(/** @type {any} */ (result.errors)));
        return;
      }
      const cursor = handlers.cursorOf?.(result.data);
      if (cursor) payload.variables.after = cursor;
      handlers.next(result.data);
    },
    error: (error) => {
      const errors = Array.isArray(error) ? error : [{ message: String(error), extensions: { code: "LIVE_CLOSED" } }];
      failed(new RequestFailed(errors));
    },
    complete: () => {},
  });
}

/** Closes the live socket (sign-out); the next `live` call opens a new one with the new cookie. */
export function closeLive() {
  client?.dispose();
  client = null;
}

/**
 * userErrors as a field → message map, for forms.
 * @param {UserError[]} userErrors
 */
export function errorsByField(userErrors) {
  /** @type {Record<string, string>} */
  const byField = {};
  for (const error of userErrors) byField[(error.field ?? []).at(-1) ?? "_"] = error.message;
  return byField;
}
