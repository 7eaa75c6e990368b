// The audit log, read-only and newest first: who did what, to what, from where. The action
// filter is in the URL, so a view of "every password reset" can be shared and reloaded.
import { html } from "lit";
import { request } from "../kit/api.js";
import { ConsoleElement } from "../kit/element.js";
import { formatDateTime, formatNumber, has, t } from "../kit/i18n.js";
import { ROUTE_CHANGED, currentPath, currentQuery, href } from "../kit/router.js";

/**
 * @typedef {{ id: string, at: string, action: string, actorLabel: string, address: string | null,
 *   targetType: string | null, targetId: number | null, reason: string | null,
 *   details: Record<string, unknown> | null }} AuditEntry
 */

// In the schema's order, which groups them by area (sign-in, keys, staff, directorates).
export const AUDIT_ACTIONS = [
  "LOGIN", "LOGIN_FAILED", "LOGIN_THROTTLED", "LOGOUT", "LOGOUT_EVERYWHERE",
  "API_KEY_CREATED", "API_KEY_REVOKED", "API_KEY_USED", "API_KEY_REJECTED",
  "CONTACT_REVEALED", "EXPORT",
  "USER_CREATED", "ROLE_CHANGED", "USER_DEACTIVATED", "PASSWORD_RESET",
  "DEPARTMENT_CREATED", "DEPARTMENT_UPDATED", "CATEGORY_CREATED", "CATEGORY_UPDATED",
  "MESSAGE_TEMPLATE_UPDATED", "MESSAGE_TEMPLATE_RESET",
  "WEBHOOK_CREATED", "WEBHOOK_UPDATED", "WEBHOOK_SECRET_ROTATED",
];
const PAGE = 50;
const LOG = `query AuditLog($action: AuditAction, $first: Int, $after: String) {
  auditLog(action: $action, first: $first, after: $after) {
    totalCount
    edges { node { id at action actorLabel address targetType targetId reason details } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The action's name in the user's language (an action added later shows its code until labelled). */
export function actionLabel(/** @type {string} */ action) {
  return has(`admin.audit.action.${action}`) ? t(`admin.audit.action.${action}`) : action;
}

function actionInUrl() {
  const action = currentQuery().get("action") ?? "";
  return AUDIT_ACTIONS.includes(action) ? action : "";
}

export class AuditLogPage extends ConsoleElement {
  static properties = {
    entries: { state: true }, total: { state: true }, next: { state: true },
    action: { state: true }, busy: { state: true }, failed: { state: true },
  };

  constructor() {
    super();
    /** @type {AuditEntry[] | null} */
    this.entries = null;
    this.total = 0;
    /** @type {string | null} the cursor of the next page, if there is one */
    this.next = null;
    this.action = actionInUrl();
    this.busy = false;
    this.failed = false;
  }

  #routed = () => {
    const action = actionInUrl();
    if (action === this.action) return;
    this.action = action;
    this.load(false);
  };

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(ROUTE_CHANGED, this.#routed);
    this.load(false);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(ROUTE_CHANGED, this.#routed);
  }

  /** @param {boolean} more the next page after what is shown, or the first page again */
  async load(more) {
    this.busy = true;
    this.failed = false;
    const action = this.action;
    try {
      const data = await request(LOG, { action: action || null, first: PAGE, after: more ? this.next : null });
      if (action !== this.action) return; // the filter changed while this page was on its way
      const page = data.auditLog;
      const entries = page.edges.map((/** @type {{ node: AuditEntry }} */ e) => e.node);
      this.entries = more ? [...(this.entries ?? []), ...entries] : entries;
      this.total = page.totalCount;
      this.next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } catch {
      this.failed = true;
    } finally {
      this.busy = false;
    }
  }

  /** @param {Event} event */
  filter(event) {
    const query = currentQuery();
    this.action = /** @type {HTMLSelectElement} */ (event.target).value;
    if (this.action) query.set("action", this.action);
    else query.delete("action");
    // The URL is rewritten without a route change: that would move focus to the page's start,
    // away from the filter the user is working with.
    history.replaceState(null, "", href(currentPath(), query));
    this.load(false);
  }

  render() {
    return html`<section class="admin-section" aria-labelledby="audit-heading">
      <div class="admin-head">
        <div>
          <h2 id="audit-heading">${t("admin.audit.title")}</h2>
          <p class="muted">${t("admin.audit.intro")}</p>
        </div>
      </div>
      <div class="admin-tools">
        <div class="field">
          <label for="audit-action">${t("admin.audit.filter")}</label>
          <select id="audit-action" @change=${this.filter}>
            <option value="" ?selected=${!this.action}>${t("admin.audit.allActions")}</option>
            ${AUDIT_ACTIONS.map((a) => html`<option value=${a} ?selected=${a === this.action}>${actionLabel(a)}</option>`)}
          </select>
        </div>
        ${this.entries ? html`<p class="muted" role="status">${t("admin.audit.count", {
          shown: formatNumber(this.entries.length), total: formatNumber(this.total) })}</p>` : ""}
      </div>
      ${this.failed ? html`<p class="notice warning" role="alert">${t("admin.loadFailed")}
          <button type="button" class="link-button" @click=${() => this.load(false)}>${t("common.retry")}</button></p>` : ""}
      ${this.entries === null && !this.failed ? html`<p role="status">${t("common.loading")}</p>` : ""}
      ${this.entries && !this.entries.length ? html`<p class="notice">${t("admin.audit.empty")}</p>` : ""}
      ${this.entries?.length ? this.table(this.entries) : ""}
      ${this.next ? html`<div class="actions">
        <button type="button" class="button secondary" ?disabled=${this.busy} @click=${() => this.load(true)}>${t("common.loadMore")}</button>
      </div>` : ""}
    </section>`;
  }

  /** @param {AuditEntry[]} entries */
  table(entries) {
    return html`<div class="table-wrap">
      <table class="admin-table audit-table">
        <caption class="visually-hidden">${t("admin.audit.title")}</caption>
        <thead><tr>
          <th scope="col">${t("admin.audit.at")}</th>
          <th scope="col">${t("admin.audit.action")}</th>
          <th scope="col">${t("admin.audit.actorAndAddress")}</th>
          <th scope="col">${t("admin.audit.target")}</th>
          <th scope="col">${t("admin.audit.reason")}</th>
        </tr></thead>
        <tbody>${entries.map((e) => html`<tr>
          <td class="nowrap"><time datetime=${e.at}>${formatDateTime(e.at)}</time></td>
          <td>${actionLabel(e.action)}</td>
          <td class="audit-actor">
            <span>${e.actorLabel}</span>
            <span class="muted audit-address">${e.address
              ? html`<span class="visually-hidden">${t("admin.audit.address")}: </span>${e.address}`
              : ""}</span>
          </td>
          <td class="nowrap">${targetLabel(e)}</td>
          <td class="audit-reason">${e.reason ?? detailsText(e) ?? html`<span class="muted">${t("common.none")}</span>`}</td>
        </tr>`)}</tbody>
      </table>
    </div>`;
  }
}

/** What an entry without a reason recorded ("role: AGENT · departmentId: 3"), or null. */
function detailsText(/** @type {AuditEntry} */ entry) {
  const pairs = Object.entries(entry.details ?? {}).filter(([, value]) => value !== null && value !== undefined);
  if (!pairs.length) return null;
  return pairs.map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`).join(" · ");
}

/** "Category #12": what the action was done to, when it was done to something. */
function targetLabel(/** @type {AuditEntry} */ entry) {
  if (!entry.targetType) return html`<span class="muted">${t("common.none")}</span>`;
  const type = has(`admin.audit.targetType.${entry.targetType}`) ? t(`admin.audit.targetType.${entry.targetType}`) : entry.targetType;
  return entry.targetId == null ? type : `${type} #${entry.targetId}`;
}

customElements.define("cz-audit-log", AuditLogPage);
