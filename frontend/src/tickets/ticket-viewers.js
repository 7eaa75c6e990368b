// "Also viewing: …" beside the ticket's title, so two people do not answer the same citizen.
// When the server ends the list, the element says so to its page with a LOST event (detail: the code).
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { currentUser } from "../auth/session.js";
import { watchViewers } from "../live/presence.js";

export const VIEWERS_LOST = "cz-viewers-lost";

export class TicketViewers extends ConsoleElement {
  static properties = {
    ticketId: { attribute: false },
    viewers: { state: true },
    unavailable: { state: true },
  };

  constructor() {
    super();
    this.ticketId = "";
    /** @type {import("../live/presence.js").Viewer[] | null} */
    this.viewers = null;
    this.unavailable = false;
    /** @type {(() => void) | null} */
    this.stop = null;
    this.watching = "";
  }

  /** @param {Map<string, unknown>} changed */
  updated(changed) {
    if (changed.has("ticketId") && this.ticketId !== this.watching && this.isConnected) this.watch();
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.ticketId && !this.stop) this.watch();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
    this.stop = null;
    this.watching = "";
  }

  watch() {
    this.stop?.();
    this.viewers = null;
    this.unavailable = false;
    this.watching = this.ticketId;
    if (!this.ticketId) return;
    this.stop = watchViewers(this.ticketId, (viewers) => {
      this.viewers = viewers;
      this.unavailable = false;
    }, (code) => {
      this.unavailable = true;
      this.stop = null;
      this.dispatchEvent(new CustomEvent(VIEWERS_LOST, { detail: code }));
    });
  }

  render() {
    if (this.unavailable || this.viewers === null) return "";
    const me = currentUser()?.id;
    const others = [...new Map(this.viewers.filter((v) => v.id !== me).map((v) => [v.id, v])).values()];
    return html`<div class="viewers" role="status" data-testid="viewers">
      ${others.length
        ? html`<span class="viewers-label">${t("ticket.viewers.others")}</span>
            <ul class="viewers-list">${others.map((v) => html`<li>${v.name}</li>`)}</ul>`
        : html`<span class="viewers-label muted">${t("ticket.viewers.onlyYou")}</span>`}
    </div>`;
  }
}

customElements.define("cz-ticket-viewers", TicketViewers);
