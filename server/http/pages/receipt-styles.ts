/**
 * The receipt's own rules, after the shared stylesheet: a large, grouped tracking code, and print
 * on A6 (a postcard, 105 × 148 mm) with nothing but the receipt on it. Like styles.ts it must not
 * contain the characters the renderer escapes (" & <).
 */
export const receiptStylesheet = `
.receipt-thanks { font-size: 1.1rem; }
.receipt .amount { margin-bottom: .75rem; }
.receipt-code { margin: 0 0 1.25rem; padding: .75rem 1rem; background: var(--card); border: 2px solid var(--ink); border-radius: .5rem; }
.receipt-code .code-label { margin: 0; color: var(--muted); font-weight: 700; }
.code-groups {
  margin: .1rem 0 .4rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, Liberation Mono, monospace;
  font-size: 1.6rem; font-weight: 700; letter-spacing: .08em; line-height: 1.4;
}
.code-groups span { white-space: nowrap; }
.receipt-code .hint { margin: 0; }
.receipt-facts { margin: 0 0 1rem; }
.receipt-facts div { padding: .35rem 0; border-bottom: 1px solid var(--line); }
.receipt-facts dd { font-weight: 700; }
.receipt-chain { font-size: .9rem; color: var(--muted); }
.receipt-chain p { margin: 0 0 .35rem; }
.receipt-qr { margin: 0 auto 1rem; max-width: 15rem; text-align: center; }
.receipt-qr figcaption { font-weight: 700; margin-top: .5rem; }
.receipt-qr a { display: inline-flex; align-items: center; min-height: 2.75rem; }
.receipt-check ol { padding-left: 1.5rem; }
.receipt-check li { margin-bottom: .6rem; }
.receipt-print-note { color: var(--muted); }

@page { size: A6; margin: 6mm; }
@media print {
  html { font-size: 7.5pt; }
  body { background: #fff; line-height: 1.35; }
  .site, .skip, .foot, .receipt-print-note { display: none; }
  main.wrap { max-width: none; padding: 0; }
  .card { border: 0; padding: 0; margin: 0 0 .6rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
  h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
  p { margin: 0 0 .3rem; }
  .receipt .amount { font-size: 1.9rem; margin: 0 0 .4rem; }
  .receipt-code { padding: .3rem .5rem; margin: 0 0 .5rem; border-width: 1px; }
  .code-groups { font-size: 1.45rem; margin: 0; }
  .receipt-code .hint { font-size: .9rem; }
  .receipt-qr { float: right; width: 26mm; margin: 0 0 .3rem .6rem; }
  .receipt-qr .qr { padding: 0; border: 0; }
  .receipt-qr figcaption { font-size: .85rem; margin-top: .1rem; }
  /* On paper a link cannot be followed: its address is printed instead, for typing. */
  .receipt-qr a { display: block; min-height: 0; font-size: 0; }
  .receipt-qr a::after { content: attr(href); font-size: .7rem; overflow-wrap: anywhere; }
  .receipt-facts div { padding: .1rem 0; }
  .status { padding: .3rem .5rem; margin: 0 0 .5rem; }
  .status p:first-child { font-size: 1rem; }
  .receipt-check { clear: both; break-inside: avoid; }
  .receipt-check li { margin-bottom: .2rem; }
  a { color: var(--ink); }
}
`;

if (/["&<]/.test(receiptStylesheet)) throw new Error("pages/receipt-styles.ts must not contain \", & or <");
