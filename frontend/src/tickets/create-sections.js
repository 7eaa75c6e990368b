// The create form's sections, in the order an operator asks: how the request came in, who the
// citizen is and how to answer them, and what the request is about.
import { html } from "lit";
import { t } from "../kit/i18n.js";
import { categoryOptions, departmentOptions, suggestion } from "./create-category.js";
import { describedBy, enumOptions, field } from "./create-fields.js";
import { CHANNELS, PRIORITIES, REFERENCE_REQUIRED, REPLY_CHANNELS, REQUEST_TYPES } from "./create-form.js";

/**
 * @typedef {import("./create-form.js").Values} Values
 * @typedef {Record<string, string>} Errors
 * @typedef {import("./create-data.js").CategoryChoice} CategoryChoice
 * @typedef {Awaited<ReturnType<typeof import("./create-data.js").loadChoices>>} Choices
 */

/** @param {Values} values @param {Errors} errors */
export function channelSection(values, errors) {
  const id = "create-channelReference";
  const required = REFERENCE_REQUIRED.has(values.channel);
  const hint = t(`create.reference.hint.${values.channel}`);
  const error = errors.channelReference;
  return html`<section class="card" aria-labelledby="create-channel-title">
    <h2 id="create-channel-title">${t("create.section.channel")}</h2>
    <fieldset class="create-channels">
      <legend>${t("create.channel.legend")}</legend>
      ${CHANNELS.map((channel) => html`<label class="create-choice">
          <input type="radio" name="channel" value=${channel} id="create-channel-${channel}" .checked=${values.channel === channel}>
          ${t(`channel.${channel}`)}
        </label>`)}
    </fieldset>
    ${field({ id, label: t(`create.reference.${values.channel}`), hint, error }, html`<input type="text" id=${id}
      name="channelReference" class="create-short" .value=${values.channelReference} ?required=${required} aria-required=${required ? "true" : "false"}
      aria-invalid=${error ? "true" : "false"} aria-describedby=${describedBy(id, { hint, error })} autocomplete="off">`)}
  </section>`;
}

/** @param {Values} values @param {Errors} errors */
export function contactSection(values, errors) {
  /** @param {"name" | "phone" | "email"} name @param {string} type @param {string} autocomplete @param {string} [hint] */
  const input = (name, type, autocomplete, hint) => {
    const id = `create-${name}`;
    const error = errors[name];
    return field({ id, label: t(`create.contact.${name}`), hint, error }, html`<input type=${type} id=${id} name=${name}
      .value=${values[name]} autocomplete=${autocomplete} aria-invalid=${error ? "true" : "false"}
      aria-describedby=${describedBy(id, { hint, error })}>`);
  };
  const replyHint = t("create.replyChannel.hint");
  const replyError = errors.replyChannel;
  return html`<section class="card" aria-labelledby="create-contact-title">
    <h2 id="create-contact-title">${t("create.section.contact")}</h2>
    <div class="create-contact">
      ${input("name", "text", "off")}
      ${input("phone", "tel", "off")}
      ${input("email", "email", "off")}
    </div>
    ${field({ id: "create-replyChannel", label: t("create.replyChannel"), hint: replyHint, error: replyError },
      html`<select id="create-replyChannel" name="replyChannel" class="create-short" aria-invalid=${replyError ? "true" : "false"}
        aria-describedby=${describedBy("create-replyChannel", { hint: replyHint, error: replyError })}>
        ${enumOptions("replyChannel", REPLY_CHANNELS, values.replyChannel)}
      </select>`)}
  </section>`;
}

/**
 * @param {Values} values
 * @param {Errors} errors
 * @param {Choices | null} choices
 * @param {CategoryChoice | undefined} category
 */
export function requestSection(values, errors, choices, category) {
  const select = (/** @type {string} */ name, /** @type {{ hint?: string }} */ { hint } = {}, /** @type {unknown} */ options = "") => {
    const id = `create-${name}`;
    const error = errors[name];
    return html`<select id=${id} name=${name} aria-invalid=${error ? "true" : "false"}
      aria-describedby=${describedBy(id, { hint, error })}>${options}</select>`;
  };
  const categoryError = errors.categoryId;
  const departmentHint = t("create.department.hint");
  const defaultPriority = category?.defaultPriority ?? "NORMAL";
  const priorityHint = t("create.priority.hint", { priority: t(`priority.${defaultPriority}`) });
  const descriptionError = errors.description;
  const titleHint = t("create.titleHint");
  return html`<section class="card" aria-labelledby="create-request-title">
    <h2 id="create-request-title">${t("create.section.request")}</h2>
    <div class="grid-2">
      ${field({ id: "create-requestType", label: t("create.requestType") },
        select("requestType", {}, enumOptions("requestType", REQUEST_TYPES, values.requestType)))}
      ${field({ id: "create-categoryId", label: t("create.category"), error: categoryError },
        choices ? select("categoryId", {}, categoryOptions(choices.categories, values.categoryId))
          : html`<select id="create-categoryId" disabled><option>${t("common.loading")}</option></select>`)}
    </div>
    ${suggestion(category)}
    <div class="grid-2">
      ${field({ id: "create-departmentId", label: t("create.department"), hint: departmentHint, error: errors.departmentId },
        select("departmentId", { hint: departmentHint }, departmentOptions(choices?.departments ?? [], category, values.departmentId)))}
      ${field({ id: "create-priority", label: t("create.priority"), hint: priorityHint, error: errors.priority },
        select("priority", { hint: priorityHint }, enumOptions("priority", PRIORITIES, values.priority || defaultPriority)))}
    </div>
    ${field({ id: "create-title", label: t("create.titleField"), hint: titleHint, error: errors.title },
      html`<input type="text" id="create-title" name="title" .value=${values.title} maxlength="200" autocomplete="off"
        aria-invalid=${errors.title ? "true" : "false"} aria-describedby=${describedBy("create-title", { hint: titleHint, error: errors.title })}>`)}
    ${field({ id: "create-description", label: t("create.description"), error: descriptionError },
      html`<textarea id="create-description" name="description" rows="5" .value=${values.description} required aria-required="true"
        aria-invalid=${descriptionError ? "true" : "false"} aria-describedby=${describedBy("create-description", { error: descriptionError })}></textarea>`)}
  </section>`;
}
