// The signed-in staff user: loaded once, changed by sign-in and sign-out, announced by an event.
import { closeLive, mutate, request } from "../kit/api.js";

export const USER_CHANGED = "cozum:user";

/**
 * @typedef {{ id: string, code: string, nameTr: string, nameEn: string }} DepartmentRef
 * @typedef {{ id: string, name: string, email: string | null, role: import("../kit/roles.js").Role, department: DepartmentRef | null }} Me
 */

const ME_FIELDS = "id name email role department { id code nameTr nameEn }";

/** @type {Me | null} */
let me = null;

export function currentUser() {
  return me;
}

function announce() {
  window.dispatchEvent(new CustomEvent(USER_CHANGED, { detail: me }));
}

/** Asks the server who is signed in (null when nobody is). */
export async function loadMe() {
  const data = await request(`query Me { me { ${ME_FIELDS} } }`);
  me = data.me;
  announce();
  return me;
}

/**
 * @param {string} email
 * @param {string} password
 * @returns {Promise<{ user: Me | null, userErrors: import("../kit/api.js").UserError[] }>}
 */
export async function signIn(email, password) {
  const payload = await mutate(
    `mutation SignIn($input: LoginInput!) { login(input: $input) { user { ${ME_FIELDS} } userErrors { field code message } } }`,
    { input: { email, password } },
  );
  if (payload.user) {
    closeLive(); // the socket must carry the new session cookie
    me = payload.user;
    announce();
  }
  return payload;
}

export async function signOut() {
  try {
    await mutate("mutation SignOut { logout { userErrors { code message } } }");
  } finally {
    forget();
  }
}

/** The session is gone (signed out, expired, revoked): drop what we knew. */
export function forget() {
  closeLive();
  me = null;
  announce();
}
