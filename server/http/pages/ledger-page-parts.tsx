import type { ComponentChildren } from "preact";
import { barWidths, basisPointsAsPercent } from "../../domain/ledger-page.ts";
import type { LedgerBody } from "../../domain/ledger.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { formatDate } from "../i18n/locale.ts";
import type { LatestDisbursement, LatestGrant, LatestRecords } from "../../services/list-latest-records.ts";
import { shortHash } from "./format.ts";
import type { LedgerPageShared } from "./ledger-page-strings.ts";
import { textLang, usePage } from "./page-context.ts";

/**
 * The parts the campaign and the organisation pages share. Every figure is written in words and
 * amounts (colour only repeats what the words say), and every record names its block and
 * transaction, linked to the block explorer when one is configured.
 */

/** How a part reads its words and money: the page passes its own catalogue and currency. */
export interface PartsView {
  t: LedgerPageShared;
  /** An amount in the currency of the campaign named (an organisation's campaigns may differ), else the page's. */
  money(minorUnits: string | bigint, campaignId?: string): string;
  /** A transaction's address on the block explorer, when one is configured. */
  txUrl(txHash: string): string | undefined;
}

/** User-typed text (a title, a name) marked with its own language when its script tells it. */
export const Typed = (props: { text: string }) => <span lang={textLang(props.text)}>{props.text}</span>;

/** Block number and transaction: the place on the chain a figure can be checked at. */
export function TxRef(props: { view: PartsView; chain: { blockNumber: string; txHash: string } }) {
  const { t, txUrl } = props.view;
  const url = txUrl(props.chain.txHash);
  const hash = shortHash(props.chain.txHash);
  return (
    <span class="tx">
      {t.block(props.chain.blockNumber)} · {t.transaction}{" "}
      {url ? (
        <a href={url} title={props.chain.txHash}>
          <code>{hash}</code>
        </a>
      ) : (
        <code title={props.chain.txHash}>{hash}</code>
      )}
    </span>
  );
}

/** Money in, out and held over the ledger's whole range. */
export function Figures(props: { view: PartsView; body: Pick<LedgerBody, "totals" | "held">; from: string; id: string; heading: ComponentChildren; api: string }) {
  const { t, money } = props.view;
  const { totals, held } = props.body;
  const rows: [string, string, boolean][] = [
    [t.raised, totals.in.donations.amount, true],
    [t.grantsIn, totals.in.grantsReceived.amount, false],
    [t.spent, totals.out.disbursements.amount, true],
    [t.grantsOut, totals.out.grantsSent.amount, false],
    [t.refunded, totals.out.refunds.amount, false],
    [t.inTransit, held.grantsInTransit.amount, false],
    [t.held, held.now, true],
  ];
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      {/* Ledger ranges are UTC days: the day is written as such, not moved into the page's zone. */}
      <p class="hint">{t.figuresSince(formatDate(new Date(`${props.from}T00:00:00Z`), usePage().lang, "UTC"))}</p>
      <dl class="split">
        {rows
          .filter(([, amount, always]) => always || amount !== "0")
          .map(([label, amount]) => (
            <div>
              <dt>{label}</dt>
              <dd>{money(amount)}</dd>
            </div>
          ))}
      </dl>
      <p class="hint">
        {t.figuresFrom} <a href={`${props.api}/ledger`}>JSON</a> · <a href={`${props.api}/records.csv`}>CSV</a>
      </p>
    </section>
  );
}

/** Spending by purpose: a bar drawn as SVG, and the same figures in words beside it. */
export function Spending(props: { view: PartsView; spending: LedgerBody["totals"]["spending"]; id: string }) {
  const { t, money } = props.view;
  const total = props.spending.reduce((a, s) => a + BigInt(s.amount), 0n);
  const words = props.spending.map((s) => `${t.purpose[s.purpose]}: ${t.purposeShare(money(s.amount), basisPointsAsPercent(s.shareBasisPoints), s.count)}`);
  const widths = barWidths(props.spending.map((s) => BigInt(s.amount)), total);
  let x = 0;
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{t.spendingHeading}</h2>
      {total === 0n ? (
        <p>{t.nothingSpent}</p>
      ) : (
        <figure class="spend">
          <svg viewBox="0 0 10000 400" preserveAspectRatio="none" role="img" aria-label={`${t.spendingChart}. ${words.join("; ")}`} focusable="false">
            {props.spending.map((s, i) => {
              const rect = widths[i]! > 0 && <rect class={`p-${s.purpose}`} x={x} y="0" width={widths[i]} height="400" />;
              x += widths[i]!;
              return rect;
            })}
          </svg>
          <figcaption>
            <ul class="legend">
              {props.spending.map((s, i) => (
                <li>
                  <span class={`key p-${s.purpose}`} aria-hidden="true" />
                  {words[i]}
                </li>
              ))}
            </ul>
          </figcaption>
        </figure>
      )}
    </section>
  );
}

/** The money held now by how long ago it arrived. */
export function MoneyAge(props: { view: PartsView; age: LedgerBody["age"]; id: string }) {
  const { t, money } = props.view;
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{t.ageHeading}</h2>
      <p class="hint">{t.ageNote}</p>
      <dl class="split">
        {props.age.buckets.map((b) => (
          <div>
            <dt>{t.ageBucket(b.fromDays, b.toDays)}</dt>
            <dd>{money(b.amount)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function Disbursements(props: { view: PartsView; items: LatestDisbursement[]; showCampaign: boolean }) {
  const { t, money } = props.view;
  const page = usePage();
  return (
    <section class="card" aria-labelledby="payments">
      <h2 id="payments">{t.disbursementsHeading}</h2>
      {props.items.length === 0 ? (
        <p>{t.noDisbursements}</p>
      ) : (
        <ul class="records">
          {props.items.map((d) => (
            <li>
              <h3>
                {t.purpose[d.purpose]}: {money(d.amount, d.campaign.id)}
              </h3>
              <p class={d.confirmed ? "mark-ok" : "mark-wait"}>
                {d.confirmed ? `✓ ${t.confirmed[d.confirmed.by]} (${t.confirmedAt(d.confirmed.blockNumber)})` : `… ${t.confirmed.none}`}
              </p>
              <dl class="facts">
                {props.showCampaign && (
                  <div>
                    <dt>{t.fromCampaign}</dt>
                    <dd>
                      <a href={`/campaigns/${d.campaign.id}`}>
                        <Typed text={d.campaign.title} />
                      </a>
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{t.date}</dt>
                  <dd>{page.date(d.chain.blockTime)}</dd>
                </div>
                <div>
                  <dt>{t.evidence}</dt>
                  <dd>
                    <details>
                      <summary>
                        <code>{shortHash(d.evidenceSha256)}</code>
                        <span class="visually-hidden"> {t.evidenceFull}</span>
                      </summary>
                      <code>{d.evidenceSha256}</code>
                    </details>
                  </dd>
                </div>
              </dl>
              <p class="where">
                <TxRef view={props.view} chain={d.chain} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Grants(props: { view: PartsView; items: LatestGrant[]; showCampaign: boolean }) {
  const { t, money } = props.view;
  const page = usePage();
  return (
    <section class="card" aria-labelledby="grants">
      <h2 id="grants">{t.grantsHeading}</h2>
      {props.items.length === 0 ? (
        <p>{t.noGrants}</p>
      ) : (
        <ul class="records">
          {props.items.map((g) => (
            <li>
              <h3>
                {g.direction === "given" ? t.grantGiven : t.grantReceived} <Typed text={g.counterpart.organisation.name} />: {money(g.amount, g.campaign.id)}
              </h3>
              <p class={g.status === "acknowledged" ? "mark-ok" : g.status === "refused" ? "mark-bad" : "mark-wait"}>
                {g.status === "acknowledged" ? "✓ " : g.status === "refused" ? "✗ " : "… "}
                {t.grantStatus[g.status]}
              </p>
              <p>
                <a href={`/organisations/${g.counterpart.organisation.id}`}>
                  <Typed text={g.counterpart.organisation.name} />
                </a>{" "}
                · <a href={`/campaigns/${g.counterpart.campaign.id}`}>
                  <Typed text={g.counterpart.campaign.title} />
                </a>
                {props.showCampaign && (
                  <>
                    {" "}
                    ({t.fromCampaign}: <Typed text={g.campaign.title} />)
                  </>
                )}
                {" · "}
                {page.date(g.chain.blockTime)}
              </p>
              <p class="where">
                <TxRef view={props.view} chain={g.chain} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The trust rules' flags on these records and the regulators' open flags, counted. */
export function Flags(props: { view: PartsView; latest: Pick<LatestRecords, "flagged" | "regulatorFlags"> }) {
  const { t } = props.view;
  const { flagged, regulatorFlags } = props.latest;
  return (
    <section class="card" aria-labelledby="flags">
      <h2 id="flags">{t.flagsHeading}</h2>
      {flagged.length === 0 ? (
        <p>{t.flaggedNone}</p>
      ) : (
        <>
          <p>{t.flaggedNote}</p>
          <ul>
            {flagged.map((f) => (
              <li>
                {/* The rule in the reader's language; the indexer's detail, with its figures, is English. */}
                {t.flaggedItem(f.recordId, t.rules[f.rule] ?? <code lang="en">{f.rule}</code>, <span lang="en">{f.detail}</span>)} <TxRef view={props.view} chain={f.chain} />
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{t.regulatorFlags(regulatorFlags.organisation + regulatorFlags.records)}</p>
    </section>
  );
}

/** Where the mirror stands against the chain; a warning that cannot be missed while differences stand. */
export function MirrorStatus(props: { view: PartsView; verification: VerificationStatus }) {
  const { t } = props.view;
  const v = props.verification;
  const page = usePage();
  if (v.state === "differences") {
    return (
      <section class="card warning" role="alert" aria-labelledby="doubt">
        <h2 id="doubt">{t.mirrorWarningHeading}</h2>
        <p>{t.mirrorWarning(v.differences)}</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="mirror">
      <h2 id="mirror">{t.mirrorHeading}</h2>
      <p>{v.state === "ok" && v.verifiedAt ? `✓ ${t.mirror.ok(page.dateTime(v.verifiedAt))}` : v.state === "error" ? t.mirror.error : t.mirror.unverified}</p>
    </section>
  );
}

/** The queries and exports the figures came from. */
export function Sources(props: { view: PartsView; links: [string, string][]; asOfBlock: string | null }) {
  const { t } = props.view;
  return (
    <section class="card" aria-labelledby="sources">
      <h2 id="sources">{t.sourcesHeading}</h2>
      <p>{props.asOfBlock === null ? t.notIndexedYet : t.asOfBlock(<strong>{props.asOfBlock}</strong>)}</p>
      <ul class="links">
        {props.links.map(([label, href]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
