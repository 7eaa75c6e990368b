// "How should we reply?": WhatsApp, SMS, e-mail or no reply, and the contact detail the chosen
// channel needs; the KVKK notice sits beside the fields it is about.
import { html, nothing } from "lit";
import { describedBy, fieldError, invalid } from "../../kit/form-errors.js";
import { t } from "../../kit/i18n.js";
import { draft, update } from "./draft.js";
import { privacyNotice } from "./privacy.js";
import { QuestionPage } from "./question.js";

/** @typedef {import("./draft.js").ReplyChoice} ReplyChoice */
export const REPLY_CHOICES = /** @type {ReplyChoice[]} */ (["WHATSAPP", "SMS", "EMAIL", "NONE"]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @param {string} phone */
function phoneLooksValid(phone) {
  const digits = phone.replace(/[\s()+\-.]/g, "");
  return /^\d{10,13}$/.test(digits);
}

/** The contact page's problems, also checked again before sending. */
export function contactErrors(/** @type {import("./draft.js").Draft} */ answers) {
  const errors = [];
  const needsPhone = answers.replyChannel === "WHATSAPP" || answers.replyChannel === "SMS";
  if (!answers.replyChannel) errors.push({ field: "replyChannel", message: t("portal.contact.chooseChannel") });
  if (needsPhone && !answers.phone.trim()) errors.push({ field: "phone", message: t("portal.contact.phoneRequired") });
  else if (answers.phone.trim() && !phoneLooksValid(answers.phone)) errors.push({ field: "phone", message: t("error.INVALID_PHONE") });
  if (answers.replyChannel === "EMAIL" && !answers.email.trim()) errors.push({ field: "email", message: t("portal.contact.emailRequired") });
  else if (answers.email.trim() && !EMAIL.test(answers.email.trim())) errors.push({ field: "email", message: t("error.INVALID_EMAIL") });
  return errors;
}

export class ContactPage extends QuestionPage {
  constructor() {
    super("contact");
  }

  validate() {
    return contactErrors(draft());
  }

  /** @param {Event} event */
  typed(event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    update({ [input.name]: input.value });
  }

  /** @param {"name" | "phone" | "email"} name @param {string} type @param {string} autocomplete @param {boolean} required */
  input(name, type, autocomplete, required) {
    const id = `q-${name}`;
    return html`<div class="field">
      <label for=${id}>${t(`portal.contact.${name}`)} ${required ? nothing : html`<span class="optional">${t("portal.optional")}</span>`}</label>
      ${fieldError(this.errors, name, id)}
      <input id=${id} name=${name} type=${type} autocomplete=${autocomplete} .value=${draft()[name]} spellcheck="false"
        ?required=${required} aria-invalid=${invalid(this.errors, name)} aria-describedby=${describedBy(this.errors, name, id)}
        @input=${this.typed}>
    </div>`;
  }

  render() {
    const channel = draft().replyChannel;
    return this.frame(html`<fieldset class="field" aria-describedby=${describedBy(this.errors, "replyChannel", "q-replyChannel", true)}>
        <legend><h1 tabindex="-1">${t("portal.contact.title")}</h1></legend>
        <p class="hint" id="q-replyChannel-hint">${t("portal.contact.hint")}</p>
        ${fieldError(this.errors, "replyChannel", "q-replyChannel")}
        <div class="radios">
          ${REPLY_CHOICES.map((choice, index) => html`<div class="radio">
            <input type="radio" name="replyChannel" id=${index === 0 ? "q-replyChannel" : `q-replyChannel-${choice}`}
              .checked=${channel === choice} @change=${() => { update({ replyChannel: choice }); this.requestUpdate(); }}>
            <label for=${index === 0 ? "q-replyChannel" : `q-replyChannel-${choice}`}>${t(`portal.contact.channel.${choice}`)}</label>
          </div>`)}
        </div>
      </fieldset>
      ${this.input("name", "text", "name", false)}
      ${this.input("phone", "tel", "tel", channel === "WHATSAPP" || channel === "SMS")}
      ${this.input("email", "email", "email", channel === "EMAIL")}
      ${privacyNotice()}`);
  }
}

customElements.define("cz-contact-page", ContactPage);
