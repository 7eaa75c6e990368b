// Photos or a video the caller sent (by e-mail, on a phone held up at the counter): up to five
// photos or one video, chosen here and sent with the ticket. The server checks each by its
// content and size; its refusals land on this field.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { t } from "../kit/i18n.js";
import { describedBy, field } from "./create-fields.js";
import { formatBytes } from "./ticket-attachments.js";
import { ACCEPTED } from "./ticket-attachment-form.js";

export const FILES_CHANGED = "cz-create-files";
export const MAX_PHOTOS = 5;
const ID = "create-attachments";

/**
 * What the server would refuse by count alone, checked before anything is sent.
 * @param {File[]} files
 * @returns {string | null} the message key
 */
export function countProblem(files) {
  const videos = files.filter((f) => f.type.startsWith("video/")).length;
  if (videos && files.length > 1) return "create.attachments.tooMany";
  if (files.length > MAX_PHOTOS) return "create.attachments.tooMany";
  return null;
}

export class CreateAttachments extends ConsoleElement {
  static properties = { files: { attribute: false }, error: { attribute: false } };

  constructor() {
    super();
    /** @type {File[]} */
    this.files = [];
    /** @type {string | undefined} */
    this.error = undefined;
  }

  /** @param {File[]} files */
  changed(files) {
    this.dispatchEvent(new CustomEvent(FILES_CHANGED, { bubbles: true, detail: files }));
  }

  /** @param {Event} event */
  chosen(event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    // Added to what was chosen before, so files from two folders can go together.
    this.changed([...this.files, ...Array.from(input.files ?? [])]);
    input.value = "";
  }

  /** @param {number} index */
  removeFile(index) {
    this.changed(this.files.filter((_, i) => i !== index));
    /** @type {HTMLElement | null} */ (this.querySelector(`#${ID}`))?.focus();
  }

  render() {
    const hint = t("create.attachments.hint", { count: MAX_PHOTOS });
    return html`<section class="card" aria-labelledby="create-attachments-title">
      <h2 id="create-attachments-title">${t("create.section.attachments")}</h2>
      ${field({ id: ID, label: t("create.attachments.label"), hint, error: this.error },
        html`<input type="file" id=${ID} accept=${ACCEPTED} multiple aria-invalid=${this.error ? "true" : "false"}
          aria-describedby=${describedBy(ID, { hint, error: this.error })} @change=${this.chosen}>`)}
      ${this.files.length ? html`<ul class="chosen-files" aria-label=${t("create.attachments.chosen")}>
          ${this.files.map((file, i) => html`<li>
            <span class="chosen-name">${file.name}</span> <span class="muted">${formatBytes(file.size)}</span>
            <button type="button" class="link-button" aria-label=${t("create.attachments.removeFile", { name: file.name })}
              @click=${() => this.removeFile(i)}>${t("create.attachments.remove")}</button>
          </li>`)}
        </ul>` : ""}
    </section>`;
  }
}

customElements.define("cz-create-attachments", CreateAttachments);
