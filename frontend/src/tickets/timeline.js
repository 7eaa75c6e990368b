// The ticket's history, oldest first: what happened, who did it, when, and whether the citizen
// sees it — internal entries say so in words, not only in colour.
import { html } from "lit";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, has, t } from "../kit/i18n.js";
import { stars } from "./ticket-deliveries.js";

/** @typedef {import("./ticket-query.js").TicketEvent} TicketEvent */

export const LOAD_EARLIER = "cz-timeline-earlier";
const PROBLEMS = new Set(["NOTIFICATION_FAILED"]);

export class Timeline extends ConsoleElement {
  static properties = {
    events: { attribute: false },
    hasEarlier: { attribute: false },
    loadingEarlier: { attribute: false },
  };

  constructor() {
    super();
    /** @type {TicketEvent[]} */
    this.events = [];
    this.hasEarlier = false;
    this.loadingEarlier = false;
  }

  earlier() {
    this.dispatchEvent(new CustomEvent(LOAD_EARLIER, { bubbles: true }));
  }

  /** @param {TicketEvent} event */
  entry(event) {
    const type = has(`event.${event.type}`) ? t(`event.${event.type}`) : event.type;
    const moved = event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus;
    // A message that never reached the citizen is something to act on: said in words, not only in colour.
    const problem = PROBLEMS.has(event.type);
    const score = event.type === "SATISFACTION_ANSWERED" ? Number(event.details?.score) : NaN;
    return html`<li class=${`timeline-entry ${event.public ? "is-public" : "is-internal"} type-${event.type.toLowerCase()}${problem ? " is-problem" : ""}`} data-event-id=${event.id}>
      <div class="timeline-head">
        <span class="timeline-type">${type}</span>
        ${problem ? html`<span class="badge problem">${t("ticket.timeline.problem")}</span>` : ""}
        ${event.public
          ? html`<span class="badge public">${t("ticket.timeline.public")}</span>`
          : html`<span class="badge internal">${t("ticket.timeline.internal")}</span>`}
        <span class="timeline-actor">${event.actorLabel}</span>
        <time class="timeline-time muted" datetime=${event.createdAt}>${formatDateTime(event.createdAt)}</time>
      </div>
      ${moved ? html`<p class="timeline-status">
            <span aria-hidden="true">${t(`status.${event.fromStatus}`)} → ${t(`status.${event.toStatus}`)}</span>
            <span class="visually-hidden">${t("ticket.timeline.moved", { from: t(`status.${event.fromStatus}`), to: t(`status.${event.toStatus}`) })}</span>
          </p>` : ""}
      ${detailsOf(event).map((line) => html`<p class="timeline-detail">${line}</p>`)}
      ${Number.isFinite(score) ? html`<p class="timeline-score">${stars(score)}</p>` : ""}
      ${event.message ? html`<p class="timeline-message">${event.message}</p>` : ""}
    </li>`;
  }

  render() {
    return html`<section class="card timeline-card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">${t("ticket.timeline.heading")} <span class="muted">(${this.events.length})</span></h2>
      ${this.hasEarlier ? html`<p><button type="button" class="link-button" ?disabled=${this.loadingEarlier} @click=${this.earlier}>
            ${t("ticket.timeline.earlier")}</button></p>` : ""}
      <ol class="timeline">${this.events.map((event) => this.entry(event))}</ol>
    </section>`;
  }
}

customElements.define("cz-timeline", Timeline);

/**
 * What a change recorded, in words: where it was routed, to whom it was given, which
 * institution it was forwarded to, what it was merged with.
 * @param {TicketEvent} event
 * @returns {string[]}
 */
function detailsOf(event) {
  const d = event.details ?? {};
  const lines = [];
  if (event.type === "ROUTED" && d.department) lines.push(t("ticket.timeline.detail.department", { value: d.department }));
  if (event.type === "ASSIGNED") {
    lines.push(d.assignee ? t("ticket.timeline.detail.assignee", { value: d.assignee }) : t("ticket.timeline.detail.unassigned"));
  }
  if (d.institution) lines.push(t("ticket.timeline.detail.institution", { value: d.institution }));
  if (d.mergedInto) lines.push(t("ticket.timeline.detail.mergedInto", { value: d.mergedInto }));
  if (Array.isArray(d.merged) && d.merged.length) lines.push(t("ticket.timeline.detail.merged", { value: d.merged.join(", ") }));
  if (event.type === "NOTIFICATION_SENT" || event.type === "NOTIFICATION_FAILED") lines.push(...notificationDetails(d));
  if (event.type === "MESSAGE_SPLIT" && d.to) lines.push(t("ticket.timeline.detail.splitTo", { value: d.to }));
  if (event.type === "MESSAGE_SPLIT" && d.from) lines.push(t("ticket.timeline.detail.splitFrom", { value: d.from }));
  if (event.type === "ATTACHMENT_ADDED" && d.kind) lines.push(label("ticket.timeline.detail.attachment", d.kind));
  return lines;
}

/** @param {string} prefix @param {unknown} value */
function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value);
}

/**
 * Which message, through which channel, after how many tries, and why it failed.
 * @param {Record<string, any>} d
 */
function notificationDetails(d) {
  const lines = [];
  if (d.kind) lines.push(t("ticket.timeline.detail.notification", { kind: label("notification.kind", d.kind), channel: label("replyChannel", d.channel ?? "") }));
  if (d.attempts) lines.push(t("ticket.deliveries.attempts", { count: d.attempts }));
  const error = d.error ?? d.lastError;
  if (error) lines.push(t("ticket.deliveries.lastError", { error }));
  return lines;
}
