import type { FlowRecords } from "../../../services/list-flow-records.ts";
import { money, when } from "./format.ts";
import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText } from "./strings.ts";

/**
 * GET /regulator/flows/records: the records behind one flow, a page at a time, each with where it
 * is on the chain and a link to its transaction (when a block explorer is configured). The flows
 * page's table links here, so the records are reachable without JavaScript.
 */
export function renderFlowRecordsPage(
  context: PageContext,
  records: FlowRecords,
  options: { sourceLabel: string; targetLabel: string; currency: string | undefined; moreHref: string | undefined; backHref: string; explorerTxUrl?: string },
): string {
  const all = regulatorText[context.lang];
  const t = all.records;
  const grants = records.kind === "grant";
  const amount = (minor: string) => (options.currency ? money(minor, options.currency, context.lang) : minor);
  return renderDocument(
    <RegulatorDocument context={{ ...context, current: "flows" }} title={t.title}>
      <h1>{t.heading(options.sourceLabel, options.targetLabel)}</h1>
      <p>{t.period(records.from, records.to)}</p>
      {records.items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.record}</th>
                <th scope="col">{t.time}</th>
                <th scope="col" class="num">
                  {t.amount}
                </th>
                {grants && <th scope="col">{t.status}</th>}
                <th scope="col">{t.block}</th>
                <th scope="col">{t.transaction}</th>
                <th scope="col">{t.logIndex}</th>
              </tr>
            </thead>
            <tbody>
              {records.items.map((r) => (
                <tr>
                  <td>{r.recordId}</td>
                  <td>{when(r.time, context.lang)}</td>
                  <td class="num">{amount(r.amount)}</td>
                  {grants && <td>{r.status ? all.flows.grantStatus[r.status] : ""}</td>}
                  <td>{r.blockNumber}</td>
                  <td>{options.explorerTxUrl ? <a href={options.explorerTxUrl.replace("{txHash}", r.txHash)}><code>{r.txHash}</code></a> : <code>{r.txHash}</code>}</td>
                  <td>{r.logIndex}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {options.moreHref && (
        <p>
          <a class="more" href={options.moreHref}>
            {t.more}
          </a>
        </p>
      )}
      <p>
        <a href={options.backHref}>{t.back}</a>
      </p>
    </RegulatorDocument>,
  );
}
