// The actions card: only what the user's role allows and the ticket's state permits.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { can } from "../kit/roles.js";
import { currentUser } from "../auth/session.js";
import { isClosed } from "./ticket-transitions.js";
import "./ticket-status-form.js";
import "./ticket-assign-form.js";
import "./ticket-route-form.js";
import "./ticket-reopen-form.js";
import "./ticket-merge-dialog.js";

export class TicketActions extends ConsoleElement {
  static properties = { ticket: { attribute: false }, act: { attribute: false } };

  constructor() {
    super();
    /** @type {import("./ticket-query.js").Ticket | null} */
    this.ticket = null;
    /** @type {import("./ticket-action.js").Act | null} */
    this.act = null;
  }

  render() {
    const ticket = this.ticket;
    const user = currentUser();
    if (!ticket) return "";
    const closed = isClosed(ticket.status);
    const parts = closed
      ? [can(user, "reopen") ? html`<cz-ticket-reopen-form .ticket=${ticket} .act=${this.act}></cz-ticket-reopen-form>` : null]
      : [
          can(user, "status") ? html`<cz-ticket-status-form .ticket=${ticket} .act=${this.act}></cz-ticket-status-form>` : null,
          can(user, "assign") ? html`<cz-ticket-assign-form .ticket=${ticket} .act=${this.act}></cz-ticket-assign-form>` : null,
          can(user, "route") ? html`<cz-ticket-route-form .ticket=${ticket} .act=${this.act}></cz-ticket-route-form>` : null,
          can(user, "merge") ? html`<div class="ticket-action"><h3>${t("ticket.merge.title")}</h3>
              <p class="muted">${t("ticket.merge.lead")}</p>
              <cz-ticket-merge-dialog .ticket=${ticket} .act=${this.act}></cz-ticket-merge-dialog></div>` : null,
        ];
    const shown = parts.filter(Boolean);
    if (!shown.length && !closed) return "";
    return html`<section class="card actions-card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">${t("ticket.actions")}</h2>
      ${closed ? html`<p class="notice">${t("ticket.closedNotice")}</p>` : ""}
      ${shown}
    </section>`;
  }
}

customElements.define("cz-ticket-actions", TicketActions);
