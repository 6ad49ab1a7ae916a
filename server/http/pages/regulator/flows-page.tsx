import type { FlowGraph, FlowNode } from "../../../domain/flow-graph.ts";
import type { Flows } from "../../../services/get-flows.ts";
import type { Lang } from "../../i18n/locale.ts";
import { money } from "./format.ts";
import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText, type RegulatorText } from "./strings.ts";

/** The chart's two scripts, served by this server (routes/regulator-assets.ts). */
export const FLOW_SCRIPTS = ["/assets/echarts.min.js", "/assets/regulator-flows.js"];

/** A node's name for people: channels and purposes in the reader's language, campaigns with their organisation. */
export function nodeLabel(node: FlowNode, nodes: Map<string, FlowNode>, t: RegulatorText): string {
  const name = node.id.slice(node.id.indexOf(":") + 1);
  if (node.kind === "channel") return t.channel[name as keyof RegulatorText["channel"]] ?? name;
  if (node.kind === "purpose") return t.purpose[name as keyof RegulatorText["purpose"]] ?? name;
  if (node.kind === "campaign" && node.organisation) return `${nodes.get(node.organisation)?.label ?? node.organisation} · ${node.label}`;
  return node.label;
}

/** Where a flow's records are listed without JavaScript (and what the chart's click asks for, as JSON). */
export function recordsHref(flows: { from: string; to: string }, source: string, target: string): string {
  const q = new URLSearchParams({ from: flows.from, to: flows.to, source, target });
  return `/regulator/flows/records?${q}`;
}

/**
 * GET /regulator/flows: the flow graph of a period as a Sankey diagram per currency (drawn in the
 * browser by ECharts from GET /api/v1/flows, the same data) and, always, as a table: the page
 * works without JavaScript, and the table is what screen readers read. Selecting a band lists its
 * records below the chart; each table row links to the same records on a page of their own.
 */
export function renderFlowsPage(context: PageContext, flows: Flows, options: { organisationAsked?: string; explorerTxUrl?: string }): string {
  const all = regulatorText[context.lang];
  const t = all.flows;
  const labels: Record<string, string> = {};
  for (const graph of flows.currencies) {
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const node of graph.nodes) labels[node.id] = nodeLabel(node, nodes, all);
  }
  // What the page script needs, as data attributes (escaped like any attribute): no inline script.
  const data = {
    "data-from": flows.from,
    "data-to": flows.to,
    "data-organisation": flows.organisation ?? "",
    "data-lang": context.lang,
    "data-labels": JSON.stringify(labels),
    "data-text": JSON.stringify({ ...all.records, kinds: t.kinds, grantStatus: t.grantStatus }),
    "data-tx-url": options.explorerTxUrl ?? "",
  };
  return renderDocument(
    <RegulatorDocument context={{ ...context, current: "flows" }} title={t.title} scripts={FLOW_SCRIPTS}>
      <h1>{t.heading}</h1>
      <p class="lead">{t.intro}</p>
      <form method="get" action="/regulator/flows" class="inline-form card" aria-label={t.filters}>
        <div>
          <label for="from">{t.from}</label>
          <input type="text" id="from" name="from" value={flows.from} inputmode="numeric" pattern="\d{4}-\d{2}-\d{2}" />
        </div>
        <div>
          <label for="to">{t.to}</label>
          <input type="text" id="to" name="to" value={flows.to} inputmode="numeric" pattern="\d{4}-\d{2}-\d{2}" />
        </div>
        <div>
          <label for="organisation">{t.organisation}</label>
          <input type="text" id="organisation" name="organisation" value={options.organisationAsked ?? flows.organisation ?? ""} inputmode="numeric" />
        </div>
        <button type="submit">{t.show}</button>
      </form>
      <p>
        {t.period(flows.from, flows.to)} {flows.asOfBlock !== null && t.asOfBlock(flows.asOfBlock)}
      </p>
      <div id="flows" {...data}>
        {flows.currencies.length === 0 && <p>{t.none}</p>}
        {flows.currencies.map((graph, i) => (
          <Graph graph={graph} index={i} lang={context.lang} labels={labels} flows={flows} />
        ))}
        <section class="card" aria-labelledby="records-heading">
          <h2 id="records-heading">{t.recordsHeading}</h2>
          <div id="records" aria-live="polite">
            <p>{t.recordsNone}</p>
          </div>
        </section>
      </div>
    </RegulatorDocument>,
  );
}

function Graph(props: { graph: FlowGraph; index: number; lang: Lang; labels: Record<string, string>; flows: Flows }) {
  const { graph, lang, labels } = props;
  const t = regulatorText[lang].flows;
  const refused = graph.totals.grantsRefused;
  return (
    <section class="card" aria-labelledby={`graph-${props.index}`}>
      <h2 id={`graph-${props.index}`}>{t.tableCaption(graph.currency)}</h2>
      {/* Filled by /assets/regulator-flows.js; hidden until it is, so no empty box shows without JavaScript. */}
      <div class="chart" hidden data-currency={graph.currency} data-index={String(props.index)} role="img" aria-label={t.chartLabel(graph.currency)} />
      <p class="hint">{t.chartHint}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.source}</th>
              <th scope="col">{t.target}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col" class="num">
                {t.amount}
              </th>
              <th scope="col" class="num">
                {t.count}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t.list}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {graph.edges.map((e) => (
              <tr>
                <td>{labels[e.source] ?? e.source}</td>
                <td>{labels[e.target] ?? e.target}</td>
                <td>
                  {t.kinds[e.kind]}
                  {e.status && <> ({t.grantStatus[e.status]})</>}
                </td>
                <td class="num">{money(e.amount, graph.currency, lang)}</td>
                <td class="num">{e.count}</td>
                <td>
                  <a href={recordsHref(props.flows, e.source, e.target)}>
                    {t.list}
                    <span class="visually-hidden">
                      {": "}
                      {labels[e.source] ?? e.source} → {labels[e.target] ?? e.target}
                    </span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {refused.count > 0 && <p>{t.refused(money(refused.amount, graph.currency, lang), refused.count)}</p>}
    </section>
  );
}
