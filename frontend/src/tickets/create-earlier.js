// "Has this citizen called before?": as the operator types a phone number or an e-mail address,
// the requests already made with it, newest first, each a link to its ticket.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, t } from "../kit/i18n.js";
import { href } from "../kit/router.js";
import { earlierRequests } from "./create-data.js";

/** @typedef {import("./create-data.js").EarlierRequest} EarlierRequest */

const DEBOUNCE_MS = 350;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A value worth asking about: a whole phone number or e-mail address, not the first digits. */
function searchable(/** @type {string} */ phone, /** @type {string} */ email) {
  const digits = phone.replace(/\D/g, "");
  return [digits.length >= 10 ? phone.trim() : "", EMAIL.test(email.trim()) ? email.trim() : ""].filter(Boolean);
}

export class CreateEarlier extends ConsoleElement {
  static properties = {
    phone: {},
    email: {},
    state: { state: true },
    requests: { state: true },
    total: { state: true },
  };

  constructor() {
    super();
    this.phone = "";
    this.email = "";
    /** @type {"idle" | "loading" | "done" | "failed"} */
    this.state = "idle";
    /** @type {EarlierRequest[]} */
    this.requests = [];
    this.total = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.asked = "";
    this.sequence = 0;
  }

  /** @param {Map<string, unknown>} changed */
  updated(changed) {
    if (!changed.has("phone") && !changed.has("email")) return;
    const wanted = searchable(this.phone, this.email);
    if (wanted.join("|") === this.asked) return;
    this.asked = wanted.join("|");
    clearTimeout(this.timer);
    this.sequence += 1;
    if (!wanted.length) {
      this.state = "idle";
      return;
    }
    this.timer = setTimeout(() => this.look(wanted, this.sequence), DEBOUNCE_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** @param {string[]} contacts @param {number} sequence */
  async look(contacts, sequence) {
    this.state = "loading";
    try {
      const found = await Promise.all(contacts.map(earlierRequests));
      if (sequence !== this.sequence) return; // the operator typed on meanwhile
      /** @type {Map<string, EarlierRequest>} */
      const unique = new Map();
      for (const { requests } of found) for (const r of requests) unique.set(r.id, r);
      this.requests = [...unique.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.total = Math.max(this.requests.length, ...found.map((f) => f.total));
      this.state = "done";
    } catch {
      if (sequence === this.sequence) this.state = "failed";
    }
  }

  render() {
    return html`<section class="card create-earlier" aria-labelledby="create-earlier-title" aria-busy=${this.state === "loading" ? "true" : "false"}>
      <h2 id="create-earlier-title">${t("create.earlier.title")}</h2>
      <div role="status">${this.body()}</div>
    </section>`;
  }

  body() {
    if (this.state === "idle") return html`<p class="muted">${t("create.earlier.hint")}</p>`;
    if (this.state === "loading") return html`<p class="muted">${t("create.earlier.loading")}</p>`;
    if (this.state === "failed") return html`<p class="muted">${t("create.earlier.unavailable")}</p>`;
    if (!this.requests.length) return html`<p>${t("create.earlier.none")}</p>`;
    return html`<p>${t("create.earlier.count", { count: this.total })}</p>
      <ul class="create-earlier-list">
        ${this.requests.map((r) => html`<li>
            <a href=${href(`/tickets/${encodeURIComponent(r.id)}`)}>${r.reference}</a>
            <span class="badge status">${t(`status.${r.status}`)}</span>
            <span class="create-earlier-title">${r.title}</span>
            <span class="muted">${formatDateTime(r.createdAt)}</span>
          </li>`)}
      </ul>`;
  }
}

customElements.define("cz-create-earlier", CreateEarlier);
