// The citizen's other requests (same contact), newest first, each a link: a caller who rings
// about the same pothole for the third time is recognised.
import { html } from "lit";
import { request } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, graphqlLanguage, t } from "../kit/i18n.js";
import { href } from "../kit/router.js";

const SHOWN = 10;

// One more than is shown, to know whether there are more.
const OTHER_REQUESTS = `query TicketOtherRequests($id: ID!, $language: Language!) {
  node(id: $id) { ... on Ticket { otherRequests(first: ${SHOWN + 1}) {
    id reference title createdAt statusLabel(language: $language)
  } } }
}`;

/** @typedef {{ id: string, reference: string, title: string, createdAt: string, statusLabel: string }} OtherRequest */

export class TicketOtherRequests extends ConsoleElement {
  static properties = {
    ticketId: { attribute: false },
    hasContact: { attribute: false },
    requests: { state: true },
    more: { state: true },
    failed: { state: true },
  };

  constructor() {
    super();
    this.ticketId = "";
    this.hasContact = false;
    /** @type {OtherRequest[] | null} */
    this.requests = null;
    this.more = false;
    this.failed = false;
    this.loadedFor = "";
  }

  /** @param {Map<string, unknown>} changed */
  willUpdate(changed) {
    if ((changed.has("ticketId") || changed.has("hasContact")) && this.ticketId !== this.loadedFor) this.load();
  }

  async load() {
    const id = this.ticketId;
    this.loadedFor = id;
    this.requests = null;
    this.failed = false;
    if (!id || !this.hasContact) return;
    try {
      const data = await request(OTHER_REQUESTS, { id, language: graphqlLanguage() });
      if (id !== this.ticketId) return;
      /** @type {OtherRequest[]} */
      const found = data.node?.otherRequests ?? [];
      this.requests = found.slice(0, SHOWN);
      this.more = found.length > SHOWN;
    } catch {
      if (id === this.ticketId) this.failed = true;
    }
  }

  render() {
    if (!this.hasContact) return "";
    const list = this.requests;
    return html`<section class="card other-requests" aria-labelledby="other-heading">
      <h2 id="other-heading">${t("ticket.other.heading")}</h2>
      ${this.failed ? html`<p class="muted">${t("ticket.other.unavailable")}</p>` : ""}
      ${list && !list.length ? html`<p class="muted">${t("ticket.other.none")}</p>` : ""}
      ${list?.length ? html`<ul class="other-list">
            ${list.map((r) => html`<li>
                <a href=${href(`/tickets/${r.id}`)}><span class="reference">${r.reference}</span> ${r.title}</a>
                <span class="muted">${r.statusLabel} · <time datetime=${r.createdAt}>${formatDateTime(r.createdAt)}</time></span>
              </li>`)}
          </ul>
          ${this.more ? html`<p class="muted">${t("ticket.other.more")}</p>` : ""}` : ""}
    </section>`;
  }
}

customElements.define("cz-ticket-other-requests", TicketOtherRequests);
