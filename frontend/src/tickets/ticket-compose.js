// Writing on the ticket: a reply the citizen sees (with templates to start from) or an internal
// note for colleagues. The text stays until it was saved; a failure never loses it.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { TicketAction } from "./ticket-action.js";
import { CANNED, cannedText } from "./ticket-canned.js";

const REPLY = `mutation ReplyToCitizen($input: ReplyToCitizenInput!) {
  replyToCitizen(input: $input) { event { id } userErrors { field code message } }
}`;

const NOTE = `mutation AddInternalNote($input: AddInternalNoteInput!) {
  addInternalNote(input: $input) { event { id } userErrors { field code message } }
}`;

export class TicketCompose extends TicketAction {
  static properties = { ...TicketAction.properties, mode: {}, body: { state: true }, template: { state: true } };

  constructor() {
    super();
    /** @type {"reply" | "note"} */
    this.mode = "note";
    this.body = "";
    this.template = "";
  }

  get prefix() {
    return `compose-${this.mode}`;
  }

  insertTemplate() {
    if (!this.ticket || !this.template) return;
    const text = cannedText(this.template, this.ticket);
    this.body = this.body.trim() ? `${this.body.trimEnd()}\n\n${text}` : text;
    this.updateComplete.then(() => {
      const area = /** @type {HTMLTextAreaElement | null} */ (this.querySelector(`#${this.prefix}-body`));
      area?.focus();
      area?.setSelectionRange(area.value.length, area.value.length);
    });
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    if (!this.ticket) return;
    const reply = this.mode === "reply";
    const done = await this.run(reply ? REPLY : NOTE, { ticketId: this.ticket.id, body: this.body },
      { body: { id: `${this.prefix}-body`, label: t(reply ? "ticket.reply.body" : "ticket.note.body") } });
    if (!done) return;
    this.body = "";
    this.template = "";
    announce(t(reply ? "ticket.reply.done" : "ticket.note.done"));
  }

  render() {
    if (!this.ticket) return "";
    const reply = this.mode === "reply";
    const id = this.prefix;
    return html`<form class=${`compose compose-${this.mode}`} @submit=${this.submit} novalidate aria-labelledby=${`${id}-heading`}>
      <h3 id=${`${id}-heading`}>${t(reply ? "ticket.reply.heading" : "ticket.note.heading")}</h3>
      ${this.summary()}
      ${reply ? html`<div class="field">
            <label for=${`${id}-template`}>${t("ticket.reply.template")}</label>
            <div class="inline-control">
              <select id=${`${id}-template`} .value=${this.template}
                @change=${(/** @type {Event} */ e) => (this.template = /** @type {HTMLSelectElement} */ (e.target).value)}>
                <option value="" ?selected=${!this.template}>${t("ticket.reply.chooseTemplate")}</option>
                ${CANNED.map((key) => html`<option value=${key} ?selected=${key === this.template}>${t(`ticket.canned.${key}.title`)}</option>`)}
              </select>
              <button type="button" class="button secondary" ?disabled=${!this.template} @click=${this.insertTemplate}>${t("ticket.reply.insert")}</button>
            </div>
          </div>` : ""}
      <div class="field">
        <label for=${`${id}-body`}>${t(reply ? "ticket.reply.body" : "ticket.note.body")}</label>
        <span class="hint" id=${`${id}-hint`}>${t(reply ? "ticket.reply.hint" : "ticket.note.hint")}</span>
        <textarea id=${`${id}-body`} rows="4" .value=${this.body} aria-invalid=${this.fieldErrors.body ? "true" : "false"}
          aria-describedby=${this.describedBy("body", `${id}-body`, `${id}-hint`)}
          @input=${(/** @type {Event} */ e) => (this.body = /** @type {HTMLTextAreaElement} */ (e.target).value)}></textarea>
        ${this.fieldError("body", `${id}-body`)}
      </div>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.busy}>${t(reply ? "ticket.reply.submit" : "ticket.note.submit")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-ticket-compose", TicketCompose);
