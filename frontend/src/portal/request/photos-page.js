// "Add photos or a video": the camera or the gallery; up to 5 photos or 1 video. Photos are made
// smaller here, and kept with the draft in IndexedDB. The page may be skipped.
import { html, nothing } from "lit";
import { announce } from "../../kit/announce.js";
import { describedBy, fieldError, focusSummary } from "../../kit/form-errors.js";
import { formatNumber, t } from "../../kit/i18n.js";
import { portalConfig } from "../config.js";
import { draft, dropFile, update } from "./draft.js";
import { putFile } from "./file-store.js";
import { ACCEPT, MAX_PHOTOS, isVideo, prepare } from "./photos.js";
import { QuestionPage } from "./question.js";

/** @param {number} bytes */
export function megabytes(bytes) {
  return formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

/** A file's size as a person reads it: kilobytes under a megabyte. */
export function fileSize(/** @type {number} */ bytes) {
  return bytes < 1024 * 1024 ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB` : `${megabytes(bytes)} MB`;
}

export class PhotosPage extends QuestionPage {
  static properties = { ...QuestionPage.properties, busy: { state: true } };

  constructor() {
    super("photos");
    this.busy = false;
  }

  /** @param {File[]} chosen @returns {Promise<string | null>} why these cannot be added */
  async refusal(chosen) {
    const { maxVideoBytes } = await portalConfig();
    const files = draft().files;
    const videos = chosen.filter(isVideo);
    const hasVideo = files.some((f) => f.kind === "VIDEO");
    if (videos.length && (videos.length > 1 || files.length || chosen.length > 1)) return t("portal.photos.oneVideo");
    if (hasVideo) return t("portal.photos.oneVideo");
    if (files.length + chosen.length > MAX_PHOTOS) return t("portal.photos.tooMany", { max: MAX_PHOTOS });
    if (videos.some((v) => v.size > maxVideoBytes)) return t("portal.photos.videoTooLarge", { max: megabytes(maxVideoBytes) });
    return null;
  }

  /** @param {Event} event */
  async chosen(event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    const chosen = [...(input.files ?? [])];
    input.value = "";
    if (!chosen.length) return;
    const refused = await this.refusal(chosen);
    this.errors = refused ? [{ field: "photos", message: refused }] : [];
    if (refused) return focusSummary(this);
    this.busy = true;
    try {
      const { maxPhotoBytes } = await portalConfig();
      for (const file of chosen) {
        const { entry, blob } = await prepare(file);
        if (entry.kind === "PHOTO" && blob.size > maxPhotoBytes) {
          this.errors = [{ field: "photos", message: t("portal.photos.photoTooLarge", { name: file.name, max: megabytes(maxPhotoBytes) }) }];
          await focusSummary(this);
          continue;
        }
        await putFile(entry.id, blob);
        update({ files: [...draft().files, entry] });
      }
      announce(t("portal.photos.added", { count: draft().files.length }));
    } finally {
      this.busy = false;
    }
  }

  /** @param {string} id */
  async removeFile(id) {
    await dropFile(id);
    this.requestUpdate();
    announce(t("portal.photos.removed"));
  }

  validate() {
    return this.busy ? [{ field: "photos", message: t("portal.photos.wait") }] : [];
  }

  render() {
    const files = draft().files;
    const full = files.length >= MAX_PHOTOS || files.some((f) => f.kind === "VIDEO");
    return this.frame(html`<h1 tabindex="-1">${t("portal.photos.title")}</h1>
      <p class="hint" id="q-photos-hint">${t("portal.photos.hint", { max: MAX_PHOTOS })}</p>
      ${fieldError(this.errors, "photos", "q-photos")}
      ${files.length ? html`<ul class="files" aria-label=${t("portal.photos.list")}>
        ${files.map((file) => html`<li>
          ${file.preview ? html`<img src=${file.preview} alt=${t("portal.photos.preview", { name: file.name })}>` : html`<span class="file-icon" aria-hidden="true">${file.kind === "VIDEO" ? "▶" : "▣"}</span>`}
          <span class="file-name">${file.name}<br><small>${fileSize(file.size)}${file.gps ? html` · ${t("portal.photos.hasLocation")}` : nothing}</small></span>
          <button type="button" class="button secondary small" @click=${() => this.removeFile(file.id)}>
            ${t("portal.photos.remove")}<span class="visually-hidden"> ${file.name}</span>
          </button>
        </li>`)}
      </ul>` : nothing}
      ${this.busy ? html`<p role="status" class="notice">${t("portal.photos.preparing")}</p>` : nothing}
      <div class="file-inputs" ?hidden=${full}>
        <div class="field">
          <label class="button secondary file-button" for="q-photos">${t("portal.photos.camera")}</label>
          <input class="file-input" type="file" id="q-photos" accept=${ACCEPT} capture="environment" ?disabled=${this.busy}
            aria-describedby=${describedBy(this.errors, "photos", "q-photos", true)} @change=${this.chosen}>
        </div>
        <div class="field">
          <label class="button secondary file-button" for="q-photos-gallery">${t("portal.photos.gallery")}</label>
          <input class="file-input" type="file" id="q-photos-gallery" accept=${ACCEPT} multiple ?disabled=${this.busy}
            aria-describedby="q-photos-hint" @change=${this.chosen}>
        </div>
      </div>
      ${full ? html`<p class="notice">${t("portal.photos.full")}</p>` : nothing}`,
      files.length ? t("portal.continue") : t("portal.photos.skip"));
  }
}

customElements.define("cz-photos-page", PhotosPage);
