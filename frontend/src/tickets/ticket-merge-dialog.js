// Merge: this ticket is closed as a duplicate of another open one, found by reference or words.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { TicketAction } from "./ticket-action.js";
import "./ticket-search.js";

const MERGE = `mutation MergeTickets($input: MergeTicketsInput!) {
  mergeTickets(input: $input) { ticket { id reference } userErrors { field code message } }
}`;

export class TicketMergeDialog extends TicketAction {
  static properties = { ...TicketAction.properties, target: { state: true } };

  constructor() {
    super();
    /** @type {import("./ticket-search.js").Found | null} */
    this.target = null;
  }

  get dialog() {
    return /** @type {HTMLDialogElement} */ (this.querySelector("dialog"));
  }

  open() {
    this.clearProblems();
    this.dialog.showModal();
    /** @type {HTMLElement | null} */ (this.querySelector("#merge-target-text"))?.focus();
  }

  close() {
    this.dialog.close();
  }

  closed() {
    this.target = null;
    /** @type {import("./ticket-search.js").TicketSearch | null} */ (this.querySelector("cz-ticket-search"))?.reset();
    // After a merge this ticket is closed and the button gone: reading resumes at the title.
    const opener = /** @type {HTMLElement | null} */ (this.querySelector(".merge-open"));
    if (this.isConnected && opener) opener.focus();
    else /** @type {HTMLElement | null} */ (document.getElementById("ticket-title"))?.focus();
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    const target = this.target;
    if (!target) {
      await this.refuse([{ text: `${t("ticket.merge.target")}: ${t("ticket.merge.pickFirst")}`, target: "merge-target-text" }], { targetId: t("ticket.merge.pickFirst") });
      return;
    }
    const done = await this.run(MERGE, { targetId: target.id, sourceIds: [this.ticket.id] },
      { targetId: { id: "merge-target-text", label: t("ticket.merge.target") } });
    if (!done) return;
    this.close();
    announce(t("ticket.merge.done", { reference: target.reference }));
  }

  render() {
    if (!this.ticket) return "";
    return html`
      <button type="button" class="button secondary merge-open" @click=${this.open}>${t("ticket.merge.open")}</button>
      <dialog aria-labelledby="merge-heading" aria-describedby="merge-explain" @close=${this.closed}>
        <form @submit=${this.submit} novalidate>
          <h2 id="merge-heading">${t("ticket.merge.heading", { reference: this.ticket.reference })}</h2>
          <p id="merge-explain">${t("ticket.merge.explain")}</p>
          ${this.summary()}
          <cz-ticket-search .excludeId=${this.ticket.id} .idPrefix=${"merge-target"} .invalid=${Boolean(this.fieldErrors.targetId)}
            .describedBy=${this.fieldErrors.targetId ? "merge-target-error" : undefined}
            @cz-ticket-picked=${(/** @type {CustomEvent} */ e) => (this.target = e.detail)}></cz-ticket-search>
          ${this.fieldError("targetId", "merge-target")}
          ${this.target ? html`<p class="notice" role="status">${t("ticket.merge.chosen", { reference: this.target.reference, title: this.target.title })}</p>` : ""}
          <div class="actions">
            <button class="button" type="submit" ?disabled=${this.busy}>${t("ticket.merge.submit")}</button>
            <button class="button secondary" type="button" @click=${this.close}>${t("common.cancel")}</button>
          </div>
        </form>
      </dialog>`;
  }
}

customElements.define("cz-ticket-merge-dialog", TicketMergeDialog);
