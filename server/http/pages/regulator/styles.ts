/**
 * What the regulators' pages add to the donor pages' stylesheet: a wider page for tables and the
 * chart, navigation, and tables that scroll inside themselves on a phone rather than widen the
 * page. Same rule as styles.ts: no double quotes, ampersands or less-than signs.
 */
export const regulatorStylesheet = `
.wrap { max-width: 72rem; }
.site .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0 1rem; }
.site nav ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; list-style: none; margin: 0; padding: 0; }
.site nav li { margin: 0; }
.site nav a { font-weight: 400; }
.site nav a[aria-current=page] { text-decoration: underline; font-weight: 700; }
.site form { margin: 0; }
.site button.link {
  display: inline-flex; align-items: center; width: auto; min-height: 3rem; margin: 0; padding: 0;
  background: none; color: #fff; font-size: 1rem; font-weight: 400; text-decoration: underline;
}
.who { color: #fff; margin: 0; font-size: .95rem; }
.inline-form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; }
.inline-form div { flex: 1 1 12rem; }
.inline-form button { width: auto; margin-top: 0; }
input[type=password], input[type=number], select {
  display: block; width: 100%; min-height: 3.25rem; padding: .6rem; font: inherit; color: var(--ink);
  background: #fff; border: 2px solid var(--ink); border-radius: .5rem;
}
.notice { padding: .75rem 1rem; border-left: .4rem solid var(--brand); background: #e6eef8; border-radius: .25rem; }
.org-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .25rem 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0 0 .75rem; }
.counts li { margin: 0; padding: .2rem .6rem; border-radius: 1rem; background: var(--bg); border: 1px solid var(--line); }
.counts .fail { background: var(--bad-bg); color: var(--bad); border-color: var(--bad); font-weight: 700; }
.counts .warn { background: var(--wait-bg); color: var(--wait); border-color: var(--wait); }
.counts .pass { background: var(--ok-bg); color: var(--ok); border-color: var(--ok); }
.problems li { margin-bottom: .6rem; }
.links { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; }
.links li { margin: 0; }
.links a { display: inline-flex; align-items: center; min-height: 2.75rem; }
/* Positioned, so the visually hidden text in its cells is clipped with them and cannot widen the page. */
.table-scroll { overflow-x: auto; max-width: 100%; position: relative; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0 .5rem; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
/* A hash stays on one line; the table scrolls inside itself instead of breaking it letter by letter. */
.table-scroll code { word-break: normal; overflow-wrap: normal; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { width: 100%; height: 28rem; margin: 0 0 .5rem; overflow: hidden; }
.chart[hidden] { display: none; }
.more { display: inline-flex; align-items: center; min-height: 3rem; }
`;
