// The department ranking: the numbers are the information; the bar drawn in CSS only repeats the
// resolved share for the eye (hidden from screen readers, which read the percentage).
import { html } from "lit";
import { ref } from "lit/directives/ref.js";
import { formatNumber, language, t } from "../kit/i18n.js";

/** @typedef {import("./stats-data.js").DepartmentStat} DepartmentStat */

/** 0.423 → "42 %" the way the language writes it. */
function percent(/** @type {number} */ share) {
  return new Intl.NumberFormat(language() === "en" ? "en-GB" : "tr-TR", { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** The bar's length through the CSSOM: the CSP forbids style attributes, not style properties. */
const barLength = (/** @type {number} */ share) =>
  ref((element) => {
    if (element instanceof HTMLElement) element.style.setProperty("--share", `${Math.max(0, Math.min(1, share)) * 100}%`);
  });

/** @param {DepartmentStat[]} rows */
export function rankingTable(rows) {
  if (!rows.length) return html`<p>${t("dashboard.ranking.empty")}</p>`;
  const name = (/** @type {DepartmentStat} */ row) => (language() === "en" ? row.department.nameEn : row.department.nameTr);
  return html`<div class="table-wrap">
    <table class="dashboard-ranking" data-testid="ranking">
      <caption class="visually-hidden">${t("dashboard.ranking.caption")}</caption>
      <thead>
        <tr>
          <th scope="col" class="num">${t("dashboard.ranking.rank")}</th>
          <th scope="col">${t("dashboard.ranking.department")}</th>
          <th scope="col" class="num">${t("dashboard.counter.received")}</th>
          <th scope="col" class="num" aria-sort="descending">${t("dashboard.counter.resolved")}</th>
          <th scope="col" class="num">${t("dashboard.counter.pending")}</th>
          <th scope="col" class="num">${t("dashboard.counter.overdue")}</th>
          <th scope="col">${t("dashboard.ranking.share")}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((row, index) => html`<tr data-code=${row.department.code}>
            <td class="num">${formatNumber(index + 1)}</td>
            <th scope="row">${name(row)}</th>
            <td class="num">${formatNumber(row.received)}</td>
            <td class="num">${formatNumber(row.resolved)}</td>
            <td class="num">${formatNumber(row.pending)}</td>
            <td class="num">${formatNumber(row.overdue)}</td>
            <td><div class="dashboard-share">
              <span class="dashboard-share-value">${percent(row.resolvedShare)}</span>
              <span class="dashboard-share-bar" aria-hidden="true"><span class="dashboard-share-fill" ${barLength(row.resolvedShare)}></span></span>
            </div></td>
          </tr>`)}
      </tbody>
    </table>
  </div>`;
}
