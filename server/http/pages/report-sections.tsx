import { explainCompliance } from "../i18n/compliance-words.ts";
import type { ComponentChildren } from "preact";
import type { FlowEdge, FlowGraph } from "../../domain/flow-graph.ts";
import type { Report } from "../../services/build-organisation-report.ts";
import { barChart, pieChart, sankeyChart } from "./report-charts.ts";
import type { ReportView } from "./report-view.ts";

/** The sections of a report: each a chart drawn on the server and a table of the same figures, with their links. */

type Props = { report: Report; v: ReportView };

function Section(props: { id: string; heading: string; children: ComponentChildren }) {
  return (
    <section class="report-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      {props.children}
    </section>
  );
}

/** An SVG chart from report-charts.ts: hidden from screen readers, who get the table below it. */
function Chart(props: { svg: string | undefined; caption: string }) {
  if (!props.svg) return null;
  return (
    <figure>
      <figcaption>{props.caption}</figcaption>
      <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: props.svg }} />
    </figure>
  );
}

/** A table that scrolls sideways on a narrow screen (and can be scrolled from the keyboard). */
function Table(props: { id: string; caption: string; head: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <table>
        <caption id={props.id}>{props.caption}</caption>
        <thead>{props.head}</thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

const Currency = ({ report, v, currency }: Props & { currency: string }) => (report.ledgers.length > 1 || report.flows.length > 1 ? <h3>{v.t.currency(currency)}</h3> : null);

export function IncomeSection({ report, v }: Props) {
  const { t } = v;
  return (
    <Section id="income" heading={t.income.heading}>
      {report.ledgers.map((l, i) => {
        const channels = l.totals.donationsByChannel;
        const other: [string, { amount: string; count: number }][] = [
          [t.income.grantsReceived, l.totals.in.grantsReceived],
          [t.income.grantsReturned, l.totals.in.grantsReturned],
          [t.income.corrections, l.totals.in.corrections],
        ];
        return (
          <div key={l.currency}>
            <Currency report={report} v={v} currency={l.currency} />
            <Chart svg={pieChart(channels.map((c) => ({ label: t.channel[c.channel], value: Number(c.amount) })))} caption={t.income.chart} />
            <Table
              id={`income-${i}`}
              caption={t.table(t.income.heading, report.ledgers.length > 1 || report.flows.length > 1 ? l.currency : undefined)}
              head={
                <tr>
                  <th scope="col">{t.income.channel}</th>
                  <th scope="col" class="num">{t.income.amount}</th>
                  <th scope="col" class="num">{t.income.count}</th>
                </tr>
              }
            >
              {[...channels.map((c) => [t.channel[c.channel], c] as const), ...other].map(([label, sum]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td class="num">
                    <a href={v.href.ledger}>{v.money(sum.amount, l.currency)}</a>
                  </td>
                  <td class="num">{v.count(sum.count)}</td>
                </tr>
              ))}
            </Table>
          </div>
        );
      })}
    </Section>
  );
}

export function SpendingSection({ report, v }: Props) {
  const { t } = v;
  return (
    <Section id="spending" heading={t.spending.heading}>
      {report.ledgers.map((l, i) => (
        <div key={l.currency}>
          <Currency report={report} v={v} currency={l.currency} />
          <Chart svg={pieChart(l.totals.spending.map((s) => ({ label: t.purpose[s.purpose], value: Number(s.amount) })))} caption={t.spending.chart} />
          <Table
            id={`spending-${i}`}
            caption={t.table(t.spending.heading, report.ledgers.length > 1 || report.flows.length > 1 ? l.currency : undefined)}
            head={
              <tr>
                <th scope="col">{t.spending.purpose}</th>
                <th scope="col" class="num">{t.spending.amount}</th>
                <th scope="col" class="num">{t.spending.count}</th>
                <th scope="col" class="num">{t.spending.share}</th>
              </tr>
            }
          >
            {l.totals.spending.map((s) => (
              <tr key={s.purpose}>
                <th scope="row">{t.purpose[s.purpose]}</th>
                <td class="num">
                  <a href={v.href.flows(s.purpose)}>{v.money(s.amount, l.currency)}</a>
                </td>
                <td class="num">{v.count(s.count)}</td>
                <td class="num">{`${(s.shareBasisPoints / 100).toFixed(2)}%`}</td>
              </tr>
            ))}
          </Table>
        </div>
      ))}
    </Section>
  );
}

export function GrantsSection({ report, v }: Props) {
  const { t } = v;
  const { items, more } = report.grants;
  return (
    <Section id="grants" heading={t.grants.heading}>
      {items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          id="grants-table"
          caption={t.table(t.grants.heading)}
          head={
            <tr>
              <th scope="col">{t.grants.direction}</th>
              <th scope="col">{t.grants.counterpart}</th>
              <th scope="col">{t.grants.campaign}</th>
              <th scope="col" class="num">{t.grants.amount}</th>
              <th scope="col">{t.grants.status}</th>
              <th scope="col">{t.grants.date}</th>
              <th scope="col">{t.grants.transaction}</th>
            </tr>
          }
        >
          {items.map((g) => {
            const tx = v.href.tx(g.txHash);
            const amount = v.money(g.amount, g.currency);
            return (
              <tr key={g.recordId}>
                <th scope="row">{g.direction === "given" ? t.grants.given : t.grants.received}</th>
                <td>{g.counterpartOrgName}</td>
                <td>{g.direction === "given" ? `${g.campaignTitle} → ${g.counterpartCampaignTitle}` : `${g.counterpartCampaignTitle} → ${g.campaignTitle}`}</td>
                <td class="num">{tx ? <a href={tx}>{amount}</a> : amount}</td>
                <td>{t.grants.statuses[g.status]}</td>
                <td>{v.moment(g.blockTime)}</td>
                <td>{tx ? <a href={tx}><code class="hash">{g.txHash}</code></a> : <code class="hash">{g.txHash}</code>}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {more && (
        <p>
          <a href={v.href.records}>{t.grants.more(items.length)}</a>
        </p>
      )}
    </Section>
  );
}

export function ComplianceSection({ report, v }: Props) {
  const { t, lang } = v;
  const { results, summary } = report.compliance;
  return (
    <Section id="compliance" heading={t.compliance.heading}>
      <p>{t.compliance.year(report.year)}</p>
      <p>{t.compliance.summary(summary.pass, summary.warn, summary.fail, summary["not-applicable"])}</p>
      {results.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          id="compliance-table"
          caption={t.table(t.compliance.heading)}
          head={
            <tr>
              <th scope="col">{t.compliance.rule}</th>
              <th scope="col">{t.compliance.outcome}</th>
              <th scope="col">{t.compliance.explanation}</th>
              <th scope="col">{t.compliance.evidence}</th>
            </tr>
          }
        >
          {results.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                {r.title[lang]}
                {r.campaign && <div>{r.campaign.title}</div>}
                {r.currency && <div>{r.currency}</div>}
              </th>
              <td class={`outcome-${r.outcome}`}>{t.compliance.outcomes[r.outcome]}</td>
              <td>{explainCompliance(r.reason, lang, r.currency)}</td>
              <td>
                {r.links.map((l) => (
                  <div key={l.href}>
                    <a href={v.href.api(l.href)}>{t.compliance.rel[l.rel]}</a>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}

export function UnspentSection({ report, v }: Props) {
  const { t } = v;
  return (
    <Section id="unspent" heading={t.unspent.heading}>
      {report.ledgers.map((l, i) => (
        <div key={l.currency}>
          <Currency report={report} v={v} currency={l.currency} />
          <p>{t.unspent.agedAt(v.moment(l.age.agedAt))}</p>
          <Chart
            svg={barChart(l.age.buckets.map((b) => ({ label: t.unspent.buckets[b.bucket] ?? b.bucket, value: v.major(b.amount, l.currency), text: v.money(b.amount, l.currency) })))}
            caption={t.unspent.chart}
          />
          <Table
            id={`unspent-${i}`}
            caption={t.table(t.unspent.heading, report.ledgers.length > 1 || report.flows.length > 1 ? l.currency : undefined)}
            head={
              <tr>
                <th scope="col">{t.unspent.bucket}</th>
                <th scope="col" class="num">{t.unspent.amount}</th>
                <th scope="col" class="num">{t.unspent.lots}</th>
              </tr>
            }
          >
            {l.age.buckets.map((b) => (
              <tr key={b.bucket}>
                <th scope="row">{t.unspent.buckets[b.bucket] ?? b.bucket}</th>
                <td class="num">
                  <a href={v.href.ledger}>{v.money(b.amount, l.currency)}</a>
                </td>
                <td class="num">{v.count(b.lots)}</td>
              </tr>
            ))}
          </Table>
        </div>
      ))}
    </Section>
  );
}

export function FlowsSection({ report, v }: Props) {
  const { t } = v;
  return (
    <Section id="flows" heading={t.flows.heading}>
      {report.flows.length === 0 && <p>{t.none}</p>}
      {report.flows.map((graph, i) => {
        const label = labeller(graph, v);
        return (
          <div key={graph.currency}>
            <Currency report={report} v={v} currency={graph.currency} />
            <Chart svg={sankeyChart(graph, label)} caption={t.flows.chart} />
            <Table
              id={`flows-${i}`}
              caption={t.table(t.flows.heading, report.ledgers.length > 1 || report.flows.length > 1 ? graph.currency : undefined)}
              head={
                <tr>
                  <th scope="col">{t.flows.from}</th>
                  <th scope="col">{t.flows.to}</th>
                  <th scope="col">{t.flows.kind}</th>
                  <th scope="col" class="num">{t.flows.amount}</th>
                  <th scope="col" class="num">{t.flows.count}</th>
                </tr>
              }
            >
              {graph.edges.map((e) => (
                <tr key={`${e.source}-${e.target}-${e.status ?? ""}`}>
                  <th scope="row">{label(e.source)}</th>
                  <td>{label(e.target)}</td>
                  <td>{t.flows.kinds[e.kind] + (e.status === "in_transit" ? t.flows.inTransit : "")}</td>
                  <td class="num">
                    <a href={v.href.flows(edgeCategory(e))}>{v.money(e.amount, graph.currency)}</a>
                  </td>
                  <td class="num">{v.count(e.count)}</td>
                </tr>
              ))}
            </Table>
          </div>
        );
      })}
    </Section>
  );
}

/** A node's name for people: channels and purposes in the reader's language, campaigns with their organisation. */
function labeller(graph: FlowGraph, v: ReportView): (id: string) => string {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return (id) => {
    const node = nodes.get(id);
    if (!node) return id;
    if (node.kind === "channel") return v.t.channel[node.label as keyof ReportView["t"]["channel"]] ?? node.label;
    if (node.kind === "purpose") return v.t.purpose[node.label as keyof ReportView["t"]["purpose"]] ?? node.label;
    const org = node.organisation ? nodes.get(node.organisation) : undefined;
    return org && node.kind === "campaign" ? `${node.label} (${org.label})` : node.label;
  };
}

const edgeCategory = (e: FlowEdge) => (e.kind === "disbursement" ? e.target.replace(/^purpose:/, "") : undefined);
