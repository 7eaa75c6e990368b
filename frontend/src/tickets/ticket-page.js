// One ticket, as staff work it: what it is, what happened to it (live), who the citizen is, and
// the actions the user's role allows. Every change passes the version the user saw; when the
// ticket moved on meanwhile, the page says who changed it and when, shows the fresh ticket and
// keeps what the user had typed.
import { html } from "lit";
import { live, mutate } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { LANGUAGE_CHANGED, formatDateTime, has, t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { href } from "../kit/router.js";
import { setPageTitle } from "../kit/title.js";
import { currentUser } from "../auth/session.js";
import { fetchEarlier, fetchTicket } from "./ticket-query.js";
import { entriesSince, mergeEdges } from "./ticket-timeline.js";
import { lastChange } from "./ticket-transitions.js";
import { ticketDescription, ticketFacts, ticketHeader } from "./ticket-summary.js";
import { ticketDeliveries, ticketSatisfaction } from "./ticket-deliveries.js";
import "./timeline.js";
import "./ticket-attachments.js";
import "./ticket-actions.js";
import "./ticket-compose.js";
import "./ticket-other-requests.js";
import "./ticket-viewers.js";
import "../contacts/contact-card.js";
import "../whatsapp/whatsapp-thread.js";

/**
 * @typedef {import("./ticket-query.js").Ticket} Ticket
 * @typedef {import("./ticket-query.js").TicketEvent} TicketEvent
 * @typedef {import("./ticket-query.js").TimelineEdge} TimelineEdge
 * @typedef {import("./ticket-action.js").ActResult} ActResult
 */

const EVENTS = `subscription TicketPageEvents($filter: TicketEventFilter!, $after: String) {
  ticketEvents(filter: $filter, after: $after) { cursor event { id type actorLabel actor { id } } }
}`;

export class TicketPage extends ConsoleElement {
  static properties = {
    ticketId: { attribute: false },
    ticket: { state: true },
    state: { state: true },
    edges: { state: true },
    hasEarlier: { state: true },
    loadingEarlier: { state: true },
    updatedBy: { state: true },
    liveLost: { state: true },
  };

  constructor() {
    super();
    this.ticketId = "";
    /** @type {Ticket | null} */
    this.ticket = null;
    /** @type {"loading" | "ready" | "missing" | "failed"} */
    this.state = "loading";
    /** @type {TimelineEdge[]} the entries shown, oldest first: latest pages and earlier ones loaded on demand */
    this.edges = [];
    /** Whether entries older than the oldest shown exist. */
    this.hasEarlier = false;
    this.loadingEarlier = false;
    /** @type {{ name: string, type: string } | null} */
    this.updatedBy = null;
    /** @type {"gone" | "stopped" | null} why live updates of the ticket ended, if they did */
    this.liveLost = null;
    /** @type {(() => void) | null} */
    this.stopLive = null;
    this.openedId = "";
    /** @type {Promise<Ticket | null> | null} */
    this.inflight = null;
    /** @type {Promise<Ticket | null> | null} */
    this.queued = null;
  }

  /** @param {Map<string, unknown>} changed */
  updated(changed) {
    if (changed.has("ticketId") && this.ticketId !== this.openedId) this.open();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(LANGUAGE_CHANGED, this.#relanguage);
    this.stopLive?.();
    this.stopLive = null;
    this.openedId = "";
  }

  // Status labels and names come from the server in the user's language: ask again.
  #relanguage = () => this.ticket && this.reload();

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(LANGUAGE_CHANGED, this.#relanguage);
    if (this.ticketId && !this.openedId) this.open();
  }

  async open() {
    this.stopLive?.();
    this.stopLive = null;
    this.openedId = this.ticketId;
    // A fetch still running for the previous ticket is not this one's.
    this.inflight = null;
    this.queued = null;
    this.ticket = null;
    this.state = "loading";
    this.edges = [];
    this.hasEarlier = false;
    this.updatedBy = null;
    this.liveLost = null;
    const ticket = await this.reload();
    if (ticket && this.openedId === ticket.id) this.follow(ticket);
  }

  /** Live events of this ticket, from the last entry we have, so none is missed in between. */
  follow(/** @type {Ticket} */ ticket) {
    // From the last entry shown: whatever committed between the read and the subscription is replayed.
    const after = this.edges.at(-1)?.node.cursor;
    this.stopLive = live(EVENTS, { filter: { ticketIds: [ticket.id] }, ...(after ? { after } : {}) }, {
      cursorOf: (data) => data.ticketEvents?.cursor,
      next: (data) => this.onEvent(data.ticketEvents.event),
      error: (failure) => this.lost(failure.code),
    });
  }

  /**
   * The server ended a live subscription of this page (the ticket's or its viewers'): say so
   * rather than go quietly stale. NOT_FOUND: the user may no longer read the ticket (it went to
   * another department). A session that ended is taken to sign-in by the api module.
   * @param {string} code
   */
  lost(code) {
    if (!this.isConnected) return;
    this.stopLive?.();
    this.stopLive = null;
    this.liveLost = code === "NOT_FOUND" ? "gone" : (this.liveLost ?? "stopped");
  }

  #viewersLost = (/** @type {Event} */ event) => this.lost(/** @type {CustomEvent} */ (event).detail);

  /** @param {{ id: string, type: string, actorLabel: string, actor: { id: string } | null }} event */
  async onEvent(event) {
    if (this.knows(event.id)) return;
    const fresh = await this.reload();
    // Someone else's change (a colleague, the citizen, the system) is said out loud; the
    // user's own, made here or in another tab, needs no notice.
    if (fresh && event.actor?.id !== currentUser()?.id) this.updatedBy = { name: event.actorLabel, type: event.type };
  }

  /** @param {string} eventId */
  knows(eventId) {
    return this.edges.some((e) => e.node.id === eventId);
  }

  /**
   * Fetches the ticket again. Calls while a fetch runs share one more fetch after it, so each
   * caller sees a state read after its call (a conflict is explained from the fresh ticket).
   * @returns {Promise<Ticket | null>}
   */
  reload() {
    if (!this.inflight) {
      const run = this.fetch().finally(() => {
        if (this.inflight === run) this.inflight = null;
      });
      this.inflight = run;
      return run;
    }
    if (!this.queued) {
      this.queued = this.inflight.catch(() => null).then(() => {
        this.queued = null;
        return this.reload();
      });
    }
    return this.queued;
  }

  async fetch() {
    const id = this.openedId;
    try {
      const ticket = await fetchTicket(id);
      if (id !== this.openedId) return null;
      if (ticket) {
        const fresh = await entriesSince(id, this.edges, ticket.timeline);
        if (id !== this.openedId) return null;
        if (!this.edges.length) this.hasEarlier = ticket.timeline.pageInfo.hasPreviousPage;
        this.edges = mergeEdges(this.edges, fresh);
      }
      this.ticket = ticket;
      this.state = ticket ? "ready" : "missing";
      if (!ticket) {
        this.stopLive?.();
        this.stopLive = null;
      }
      return ticket;
    } catch {
      if (id === this.openedId && !this.ticket) this.state = "failed";
      return null;
    }
  }

  async loadEarlier() {
    const id = this.openedId;
    const oldest = this.edges[0];
    if (!this.ticket || !oldest || !this.hasEarlier || this.loadingEarlier) return;
    this.loadingEarlier = true;
    try {
      const found = await fetchEarlier(id, oldest.cursor);
      if (id !== this.openedId) return;
      this.edges = mergeEdges(found.edges, this.edges);
      this.hasEarlier = found.pageInfo.hasPreviousPage;
    } finally {
      this.loadingEarlier = false;
    }
  }

  /**
   * Runs a ticket mutation for a form: on a stale version the fresh ticket is fetched and the
   * form told who changed it and when; otherwise the ticket is refreshed with the result.
   * @type {import("./ticket-action.js").Act}
   */
  act = async (query, input, files = []) => {
    const payload = await mutate(query, { input }, files);
    const userErrors = payload.userErrors ?? [];
    if (userErrors.some((/** @type {any} */ e) => e.code === "VERSION_CONFLICT")) {
      const fresh = await this.reload();
      return { ok: false, userErrors, conflict: this.conflictText(fresh) };
    }
    if (userErrors.length) return { ok: false, userErrors };
    this.updatedBy = null;
    await this.reload();
    // A change can remove the form it came from (a closing status): focus then goes back to
    // the title rather than being lost to the page's body.
    setTimeout(() => {
      if (document.activeElement === document.body) /** @type {HTMLElement | null} */ (this.querySelector("#ticket-title"))?.focus();
    });
    return { ok: true, payload };
  };

  /** "Changed by Zeki Zabıta at 14:32": the latest change to the ticket itself, not a note. */
  conflictText(/** @type {Ticket | null} */ fresh) {
    const events = fresh?.timeline.edges.map((e) => e.node) ?? [];
    const change = lastChange(events) ?? fresh?.lastEvent;
    if (!change) return t("error.VERSION_CONFLICT");
    return t("ticket.conflict", { name: change.actorLabel, time: formatDateTime(change.createdAt) });
  }

  render() {
    if (this.state === "missing") return this.missing();
    if (this.state === "failed") {
      setPageTitle(t("ticket.failed"));
      return html`<section class="page narrow"><h1>${t("ticket.failed")}</h1><p>${t("common.networkError")}</p>
        <p><button type="button" class="button" @click=${this.open}>${t("common.retry")}</button></p></section>`;
    }
    const ticket = this.ticket;
    if (!ticket) {
      setPageTitle(t("ticket.loading"));
      return html`<section class="page"><p class="loading" role="status">${t("common.loading")}</p></section>`;
    }
    setPageTitle(`${ticket.reference} · ${ticket.title}`);
    const user = currentUser();
    const events = this.edges.map((e) => e.node);
    return html`<article class="page ticket-page" aria-labelledby="ticket-title">
      <p class="back-link"><a href=${href("/")}>${t("ticket.back")}</a></p>
      <header class="card ticket-header">
        <div class="ticket-header-top">
          ${ticketHeader(ticket)}
          <cz-ticket-viewers .ticketId=${ticket.id} @cz-viewers-lost=${this.#viewersLost}></cz-ticket-viewers>
        </div>
        ${ticketDescription(ticket)}
        ${ticketFacts(ticket)}
      </header>
      ${this.liveLost ? this.lostNotice(this.liveLost) : ""}
      ${this.updatedBy ? this.updatedNotice(this.updatedBy) : ""}
      <div class="split ticket-layout">
        <div class="ticket-main">
          ${ticket.channel === "WHATSAPP" ? html`<cz-whatsapp-thread .ticket=${ticket} .act=${this.act}></cz-whatsapp-thread>` : ""}
          <cz-ticket-attachments .ticket=${ticket} .act=${this.act}></cz-ticket-attachments>
          <cz-timeline .events=${events} .hasEarlier=${this.hasEarlier} .loadingEarlier=${this.loadingEarlier}
            @cz-timeline-earlier=${this.loadEarlier}></cz-timeline>
          ${can(user, "reply") ? html`<div class="card"><cz-ticket-compose mode="reply" .ticket=${ticket} .act=${this.act}></cz-ticket-compose></div>` : ""}
          ${can(user, "note") ? html`<div class="card note-card"><cz-ticket-compose mode="note" .ticket=${ticket} .act=${this.act}></cz-ticket-compose></div>` : ""}
        </div>
        <aside class="ticket-side" aria-label=${t("ticket.side")}>
          <cz-ticket-actions .ticket=${ticket} .act=${this.act}></cz-ticket-actions>
          <cz-contact-card .ticket=${ticket} .act=${this.act}></cz-contact-card>
          ${ticketSatisfaction(ticket)}
          ${ticketDeliveries(ticket)}
          <cz-ticket-other-requests .ticketId=${ticket.id} .hasContact=${Boolean(ticket.contact)}></cz-ticket-other-requests>
        </aside>
      </div>
    </article>`;
  }

  /** @param {{ name: string, type: string }} by */
  updatedNotice(by) {
    const what = has(`event.${by.type}`) ? t(`event.${by.type}`) : by.type;
    return html`<div class="notice live-update" role="status">
      <p>${t("ticket.updatedBy", { name: by.name, what })}</p>
      <button type="button" class="link-button" @click=${() => (this.updatedBy = null)}>${t("ticket.dismiss")}</button>
    </div>`;
  }

  /** @param {"gone" | "stopped"} why */
  lostNotice(why) {
    return html`<div class="notice warning live-lost" role="alert">
      <p>${t(`ticket.live.${why}`)}</p>
      <button type="button" class="link-button" @click=${this.open}>${t("ticket.live.reload")}</button>
    </div>`;
  }

  missing() {
    setPageTitle(t("ticket.missing.title"));
    return html`<section class="page narrow">
      <h1>${t("ticket.missing.title")}</h1>
      <p>${t("ticket.missing.body")}</p>
      <p><a href=${href("/")}>${t("ticket.back")}</a></p>
    </section>`;
  }
}

customElements.define("cz-ticket-page", TicketPage);
