import { stylesheet } from "./styles.ts";

/**
 * The reports' stylesheet: the donor pages' own, wider, with tables and charts, and print rules
 * (A4, each section from a new page, no navigation). Like styles.ts it must not contain the
 * characters the renderer escapes (" & <).
 */
export const reportStylesheet =
  stylesheet +
  `
.report.wrap, .site .wrap.report-wrap { max-width: 60rem; }
.report-nav { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.report-nav a { min-height: 3rem; display: inline-flex; align-items: center; }
.kicker { color: var(--muted); font-weight: 700; margin: 0; }
.report-section { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: 1.25rem 1rem; margin: 0 0 1.25rem; }
.report-section h3 { margin: 1rem 0 .5rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; margin: 0 0 1rem; }
.figures div { border-left: .3rem solid var(--brand); padding: .25rem .75rem; }
.figures dt { color: var(--muted); }
.figures dd { margin: 0; font-weight: 700; font-size: 1.2rem; font-variant-numeric: tabular-nums; }
.chart { margin: 0 0 1rem; }
.chart svg { display: block; width: 100%; height: auto; max-width: 44rem; margin: 0 auto; }
figure { margin: 0 0 1rem; }
figcaption { color: var(--muted); font-weight: 700; margin-bottom: .5rem; }
.table-scroll { overflow-x: auto; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 700; padding: 0 0 .4rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.outcome-pass { color: var(--ok); font-weight: 700; }
.outcome-fail { color: var(--bad); font-weight: 700; }
.outcome-warn { color: var(--wait); font-weight: 700; }
.sources { margin: 0; padding-left: 1.25rem; }
.hash { font-size: .85em; }

@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { background: #fff; }
  .site, .skip, .report-nav, .foot { display: none; }
  .report.wrap { max-width: none; padding: 0; }
  .report-section { border: 0; padding: 0; margin: 0; break-before: page; }
  .report-intro + .report-section { break-before: auto; }
  .table-scroll { overflow: visible; }
  .chart svg { max-width: 15cm; }
  table, figure, tr { break-inside: avoid; }
  h2, h3, caption { break-after: avoid; }
  a { color: var(--ink); }
}
`;

if (/["&<]/.test(reportStylesheet)) throw new Error("pages/report-styles.ts must not contain \", & or <");
