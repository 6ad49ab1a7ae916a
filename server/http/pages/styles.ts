/**
 * The one stylesheet, inlined into every page (no external assets: the pages must work offline
 * and without JavaScript). Sized for older readers on phones: 18px base that follows the
 * browser's own font setting, tap targets at least 48px high, contrast at least 4.5:1 (most
 * text 7:1). It goes into <style> as an ordinary, escaped text child, so it must not contain
 * the characters the renderer escapes (" & <): use single quotes and unquoted attribute values.
 */
export const stylesheet = `
:root {
  color-scheme: light;
  --ink: #1b1b1b; --muted: #474747; --line: #c6cad1; --bg: #f3f4f6; --card: #ffffff;
  --brand: #0a4f9e; --brand-dark: #083c78; --focus: #ffbf47;
  --ok: #0b6633; --ok-bg: #e2f3e8; --wait: #6e4400; --wait-bg: #fff1cc; --bad: #a3161a; --bad-bg: #fde6e6;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 112.5%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink); line-height: 1.6; overflow-wrap: break-word;
  font-family: system-ui, -apple-system, Segoe UI, Roboto, PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Noto Sans SC, Helvetica Neue, Arial, sans-serif;
}
.wrap { max-width: 40rem; margin: 0 auto; padding: 0 1rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip { position: absolute; left: -100vw; top: 0; }
.skip:focus { left: 1rem; top: 1rem; z-index: 10; background: #fff; color: var(--ink); padding: .75rem 1rem; }
a { color: var(--brand); text-decoration-thickness: .1em; text-underline-offset: .15em; }
a:hover { color: var(--brand-dark); }
a:focus-visible, button:focus-visible, input:focus, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 6px var(--ink);
}
.site { background: var(--brand-dark); color: #fff; }
.site a {
  display: inline-flex; align-items: center; min-height: 3rem; color: #fff; font-weight: 700;
  font-size: 1.05rem; text-decoration: none;
}
.site a:hover { text-decoration: underline; color: #fff; }
.site .wrap { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem; }
.site .lang-switch { min-width: 2.75rem; justify-content: center; font-weight: 400; border: 1px solid #fff; border-radius: .25rem; padding: 0 .75rem; }
main.wrap { display: block; padding-top: 1.5rem; padding-bottom: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .25rem 0 .75rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 0 0 .75rem; }
h3, h4 { font-size: 1.1rem; line-height: 1.35; margin: 0; }
p { margin: 0 0 .75rem; }
ul, ol { margin: 0 0 .75rem; padding-left: 1.5rem; }
li { margin-bottom: .35rem; }
.lead { font-size: 1.1rem; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: .75rem;
  padding: 1.25rem 1rem; margin: 0 0 1.25rem;
}
.warning { border: 3px solid var(--bad); background: var(--bad-bg); }
.warning h2 { color: var(--bad); }
.card-plain { background: transparent; border: 0; padding: 0; }
.card:last-child { margin-bottom: 0; }

label { display: block; font-weight: 700; font-size: 1.15rem; margin-bottom: .1rem; }
.hint { color: var(--muted); margin: 0 0 .6rem; }
input[type=text] {
  display: block; width: 100%; min-height: 3.25rem; padding: .6rem .6rem;
  font: inherit; font-size: 1.15rem; color: var(--ink); background: #fff;
  border: 2px solid var(--ink); border-radius: .5rem;
}
input::placeholder { color: #6b6b6b; opacity: 1; }
input[aria-invalid=true] { border: 3px solid var(--bad); }
.field-error { color: var(--bad); font-weight: 700; margin: 0 0 .5rem; border-left: .3rem solid var(--bad); padding-left: .6rem; }
button {
  display: block; width: 100%; min-height: 3.25rem; margin-top: 1rem; padding: .6rem 1.25rem;
  font: inherit; font-size: 1.2rem; font-weight: 700; color: #fff; background: var(--brand);
  border: 0; border-radius: .5rem; cursor: pointer;
}
button:hover { background: var(--brand-dark); }

.code-line { color: var(--muted); margin: 0; }
.code-line strong { color: var(--ink); letter-spacing: .04em; overflow-wrap: anywhere; }
.campaign { font-size: 1.1rem; margin-bottom: .5rem; }
.amount { font-size: 2.2rem; font-weight: 700; line-height: 1.2; margin: 0 0 1rem; font-variant-numeric: tabular-nums; }
.status { margin: 0 0 1.25rem; padding: .75rem 1rem; border-radius: .5rem; border-left: .4rem solid; }
.status p { margin: .35rem 0 0; }
.status p:first-child { margin: 0; font-weight: 700; font-size: 1.1rem; }
.status-ok { color: var(--ok); background: var(--ok-bg); }
.status-wait { color: var(--wait); background: var(--wait-bg); }
.status-bad { color: var(--bad); background: var(--bad-bg); }
.status-bad p { color: var(--ink); }

.split { margin: 0; }
.split div {
  display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem;
  padding: .5rem 0; border-bottom: 1px solid var(--line);
}
.split div:last-child { border-bottom: 0; }
.split dt { color: var(--muted); }
.split dd { margin: 0; font-weight: 700; font-size: 1.15rem; font-variant-numeric: tabular-nums; }
.split .part { padding-left: 1rem; }
.split .part dd { font-weight: 400; }
.bar { height: .9rem; margin: .25rem 0 .5rem; background: #d9dde3; border-radius: .45rem; overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--ok); }

.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { position: relative; margin: 0; padding: 0 0 1.5rem 2.5rem; }
.timeline li:last-child { padding-bottom: 0; }
.timeline li::before {
  content: ''; position: absolute; left: .65rem; top: 1.9rem; bottom: .2rem; width: 3px; background: var(--line);
}
.timeline li:last-child::before { display: none; }
.timeline li::after {
  content: '✓'; position: absolute; left: 0; top: .1rem; width: 1.6rem; height: 1.6rem; border-radius: 50%;
  background: var(--ok); color: #fff; font-size: .95rem; font-weight: 700; line-height: 1.6rem; text-align: center;
}
.timeline .step-failed::after { content: '!'; background: var(--bad); }
.timeline .step-next::after { content: ''; background: #fff; border: 3px dashed var(--wait); }
.timeline .step-next h3 { color: var(--wait); }
.timeline time { display: block; color: var(--muted); margin-bottom: .25rem; }
.timeline .delivered { color: var(--ok); }
.timeline li.hop { padding-left: 0; }
.timeline li.hop::before, .timeline li.hop::after { display: none; }
.hop-head { margin: 0 0 1rem; padding: .6rem .75rem; background: var(--bg); border-left: .35rem solid var(--brand); border-radius: .25rem; }
.hop-head p { margin: .25rem 0 0; }
.timeline p { margin: .25rem 0 .5rem; }

.facts { margin: 0; }
.facts div { display: flex; flex-wrap: wrap; gap: 0 .6rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; max-width: 100%; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, Liberation Mono, monospace; font-size: .92em;
  overflow-wrap: anywhere; word-break: break-all;
}
details { margin-top: .35rem; }
summary { display: list-item; min-height: 3rem; padding: .6rem 0; color: var(--brand); font-weight: 700; cursor: pointer; }
details .facts { padding: .5rem .75rem; background: var(--bg); border-radius: .5rem; }

.share figure { margin: 0 auto 1rem; max-width: 15rem; text-align: center; }
.qr { background: #fff; padding: .75rem; border: 1px solid var(--line); border-radius: .5rem; }
.qr svg { display: block; width: 100%; height: auto; }
.share figcaption { font-weight: 700; margin-top: .5rem; }

.tips li { margin-bottom: .6rem; }
.error-status { color: var(--muted); font-weight: 700; margin: 0; }

/* Tracking page: the gift's flow picture, asking again while waiting, links that stand alone. */
.flow { margin: 0; }
.flow-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.flow-places { list-style: none; margin: 0; padding: 0; }
.flow-places > li { margin: 0 0 1rem; }
.flow-who { margin: 0 0 .25rem; }
.flow-bar { display: block; width: 100%; height: auto; margin: 0 0 .35rem; }
.flow-parts { list-style: none; margin: 0; padding: 0; }
.flow-parts li { display: flex; flex-wrap: wrap; align-items: center; gap: 0 .4rem; margin: 0 0 .2rem; }
.flow-swatch { width: 1.1rem; height: 1.1rem; flex: none; }
.flow-track { fill: #eef0f3; }
.flow-spent { fill: var(--ok); stroke: var(--ok); }
.flow-held { fill: #fff; stroke: var(--ink); stroke-width: 2; }
.flow-passedOn { fill: url(#flow-hatch); stroke: var(--brand); stroke-width: 2; }
.flow-inTransit { fill: url(#flow-dots); stroke: var(--wait); stroke-width: 2; }
.flow-refunded, .flow-corrected { fill: url(#flow-cross); stroke: var(--bad); stroke-width: 2; }
.check-again button { width: auto; margin-top: .75rem; }
a.standalone { display: inline-flex; align-items: center; min-height: 2.75rem; }
.action-link, .facts dd a { display: inline-flex; align-items: center; min-height: 2.75rem; min-width: 2.75rem; }
.status-ok p:first-child::before { content: '✓ '; }
.status-wait p:first-child::before { content: '… '; }
.status-bad p:first-child::before { content: '! '; }

.foot { border-top: 1px solid var(--line); color: var(--muted); padding: 1.25rem 0 2.5rem; margin-top: 1rem; }
.foot p { margin: 0 0 .5rem; }

/* ---- campaign and organisation pages (ledger-page-parts.tsx) ---- */
.records { list-style: none; margin: 0; padding: 0; }
.records > li { margin: 0; padding: .9rem 0; border-bottom: 1px solid var(--line); }
.records > li:first-child { padding-top: 0; }
.records > li:last-child { border-bottom: 0; padding-bottom: 0; }
.records h3 { margin-bottom: .25rem; font-variant-numeric: tabular-nums; }
.records p { margin: .25rem 0; }
.records dd > a, .go a, .links a, .lead a { display: inline-flex; align-items: center; min-height: 2.75rem; min-width: 2.75rem; }
.links { list-style: none; padding: 0; margin: 0; }
.links li { margin: 0; }
.where { color: var(--muted); font-size: .95rem; }
.mark-ok { color: var(--ok); font-weight: 700; }
.mark-wait { color: var(--wait); font-weight: 700; }
.mark-bad { color: var(--bad); font-weight: 700; }
.spend { margin: 0; }
.spend svg { display: block; width: 100%; height: 2.5rem; border: 1px solid var(--ink); border-radius: .25rem; background: #fff; }
.p-programme { fill: #0a4f9e; background: #0a4f9e; }
.p-administration { fill: #8a4b00; background: #8a4b00; }
.p-fundraising { fill: #5b2a86; background: #5b2a86; }
.legend { list-style: none; padding: 0; margin: .75rem 0 0; }
.legend li { display: flex; gap: .6rem; align-items: baseline; }
.legend .key { flex: none; display: inline-block; width: 1rem; height: 1rem; border-radius: .15rem; }
progress.goal { display: block; width: 100%; height: 1.25rem; accent-color: var(--ok); }
`;
