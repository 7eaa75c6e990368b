// Adding a photo or video to a ticket: one file, shared with the citizen unless marked internal.
// The server checks what the file is by its content and how big it may be; its refusal lands
// on the file field.
import { html } from "lit";
import { announce } from "../kit/announce.js";
import { t } from "../kit/i18n.js";
import { TicketAction } from "./ticket-action.js";

const ADD = `mutation AddAttachment($input: AddAttachmentInput!) {
  addAttachment(input: $input) { attachment { id } userErrors { field code message } }
}`;

/** What the file chooser offers; the server decides by content, not by this list. */
export const ACCEPTED = "image/jpeg,image/png,image/webp,image/heic,image/heif,video/mp4";
const ID = "attachment-form";

export class TicketAttachmentForm extends TicketAction {
  static properties = { ...TicketAction.properties, internal: { state: true } };

  constructor() {
    super();
    this.internal = false;
  }

  get input() {
    return /** @type {HTMLInputElement | null} */ (this.querySelector(`#${ID}-file`));
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const file = this.input?.files?.[0];
    const label = t("ticket.attachments.file");
    if (!file) {
      const text = t("ticket.attachments.chooseFirst");
      return this.refuse([{ text: `${label}: ${text}`, target: `${ID}-file` }], { file: text });
    }
    if (!this.ticket) return;
    const done = await this.run(ADD, { ticketId: this.ticket.id, file: null, public: !this.internal },
      { file: { id: `${ID}-file`, label } }, [{ path: "input.file", file, name: file.name }]);
    if (!done) return;
    if (this.input) this.input.value = "";
    this.internal = false;
    announce(t("ticket.attachments.added"));
  }

  render() {
    return html`<form class="attachment-form" @submit=${this.submit} novalidate aria-labelledby=${`${ID}-heading`}>
      <h3 id=${`${ID}-heading`}>${t("ticket.attachments.add")}</h3>
      ${this.summary()}
      <div class="field">
        <label for=${`${ID}-file`}>${t("ticket.attachments.file")}</label>
        <span class="hint" id=${`${ID}-hint`}>${t("ticket.attachments.hint")}</span>
        ${this.fieldError("file", `${ID}-file`)}
        <input type="file" id=${`${ID}-file`} accept=${ACCEPTED} aria-invalid=${this.fieldErrors.file ? "true" : "false"}
          aria-describedby=${this.describedBy("file", `${ID}-file`, `${ID}-hint`)} @change=${this.clearProblems}>
      </div>
      <div class="field">
        <label class="checkbox"><input type="checkbox" id=${`${ID}-internal`} .checked=${this.internal}
          aria-describedby=${`${ID}-internal-hint`}
          @change=${(/** @type {Event} */ e) => (this.internal = /** @type {HTMLInputElement} */ (e.target).checked)}>
          ${t("ticket.attachments.internal")}</label>
        <span class="hint" id=${`${ID}-internal-hint`}>${t("ticket.attachments.internalHint")}</span>
      </div>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.busy}>${this.busy ? t("ticket.attachments.sending") : t("ticket.attachments.submit")}</button>
      </div>
    </form>`;
  }
}

customElements.define("cz-ticket-attachment-form", TicketAttachmentForm);
