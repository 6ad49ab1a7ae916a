import type { DonationTrace, TraceStep } from "../../domain/trace.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { percent } from "./format.ts";
import { Document, TrackForm, renderDocument } from "./layout.tsx";
import { giftFlow } from "../../domain/gift-flow.ts";
import { textLang, usePage, type PageContext } from "./page-context.ts";
import { FlowPicture } from "./track-flow.tsx";
import { Journey } from "./track-journey.tsx";

/**
 * The tracking page at `/track/{code}`: the gift, its state in plain words, its journey as a
 * timeline (received, recorded, what it paid for or where it was passed on, and then, organisation
 * by organisation, what each one that received part of it did with it), where the gift is now, and
 * where each figure sits on the chain.
 */
export function renderTrackPage(context: PageContext, trace: DonationTrace, options: TrackPageOptions): string {
  return renderDocument(<TrackPage trace={trace} options={options} />, context);
}

interface TrackPageOptions {
  qrSvg?: string;
  pageUrl: string;
  verification?: VerificationStatus;
  /** A block explorer's address for a transaction, with `{txHash}` where its hash goes. */
  explorerTxUrl?: string;
}

function TrackPage({ trace, options }: { trace: DonationTrace; options: TrackPageOptions }) {
  const page = usePage();
  const t = page.t.track;
  const doubtful = trace.inconsistent || options.verification?.state === "differences";
  const waiting = trace.status === "pending" || trace.status === "submitted";
  const money = (minorUnits: string) => page.money(minorUnits, trace.currency);
  const { explorerTxUrl } = options;
  const txUrl = (txHash: string) => explorerTxUrl?.replace("{txHash}", txHash);
  const flow = giftFlow(trace);
  return (
    <Document
      title={t.title(trace.trackingCode)}
      private
      // Only a page still waiting for the ledger asks for the script that watches for the change.
      scripts={waiting ? ["/assets/track-pending.js"] : undefined}
      footer={<TrackFooter asOfBlock={trace.asOfBlock} />}
    >
      {/* Empty until the script sees the state change; then it says so once. The words come
          from the new page's data-announce, so the script carries no text of its own. */}
      <p id="status-live" class="visually-hidden" aria-live="polite" data-announce={t.statusUpdated(t.status[trace.status] as string)} />
      {/* What the script swaps for the fresh page's copy when the state changes; the form to
          track another gift is outside it, so nothing the donor typed is lost. */}
      <div id="gift-state" data-pending-code={waiting ? trace.trackingCode : undefined}>
        <p class="code-line">
          {t.codeLabel} <strong>{trace.trackingCode}</strong>
        </p>
        <h1>{t.heading(<span lang={textLang(trace.organisation.name)}>{trace.organisation.name}</span>)}</h1>
        <p class="campaign">
          {t.campaign}: <strong lang={textLang(trace.campaign.title)}>{trace.campaign.title}</strong>
        </p>
        <p class="amount">
          <span class="visually-hidden">{t.amount}: </span>
          {money(trace.amount)}
        </p>
        <Status trace={trace} />
        {doubtful && (
          <section class="card warning" role="alert" aria-labelledby="doubt">
            <h2 id="doubt">{t.mirrorWarningHeading}</h2>
            <p>{t.mirrorWarning}</p>
          </section>
        )}

        {trace.status !== "failed" && (
          <section class="card" aria-labelledby="summary">
            <h2 id="summary">{t.summaryHeading}</h2>
            {trace.status === "confirmed" ? <SpentSummary trace={trace} /> : <p>{t.notYetSpendable}</p>}
          </section>
        )}

        {flow && (
          <section class="card" aria-labelledby="flow">
            <h2 id="flow">{t.flowHeading}</h2>
            <FlowPicture flow={flow} money={(minorUnits) => page.money(minorUnits, trace.currency)} />
          </section>
        )}

        <section class="card" aria-labelledby="journey">
          <h2 id="journey">{t.timelineHeading}</h2>
          <Journey steps={trace.steps} money={money} txUrl={txUrl} waiting={waiting} />
        </section>

        {(trace.flagged ?? []).length > 0 && (
          <section class="card flagged" aria-labelledby="flagged">
            <h2 id="flagged">{t.flaggedHeading}</h2>
            <p>{t.flaggedNote}</p>
            <ul>
              {trace.flagged.map((f) => (
                <li>{t.flaggedItem(f.kind, f.recordId, <strong>{money(f.shortfall)}</strong>)}</li>
              ))}
            </ul>
          </section>
        )}
      </div>

      <section class="card share" aria-labelledby="share">
        <h2 id="share">{t.shareHeading}</h2>
        {options.qrSvg !== undefined && isQrCodeSvg(options.qrSvg) && (
          <figure>
            {/* The only raw markup on any page: an SVG made by the `qrcode` library from the page's
                own URL (no donor input), checked above to be a bare <svg> without scripts. */}
            <div class="qr" role="img" aria-label={t.qrLabel} dangerouslySetInnerHTML={{ __html: options.qrSvg }} />
            <figcaption>{t.qrCaption}</figcaption>
          </figure>
        )}
        <p>
          {t.pageAddress}: <a href={options.pageUrl}>{options.pageUrl}</a>
        </p>
        <p>
          <a class="standalone" href={`/receipts/${trace.trackingCode}`}>
            {t.receiptLink}
          </a>
        </p>
      </section>

      <section class="card" aria-labelledby="another">
        <h2 id="another">{t.anotherHeading}</h2>
        <TrackForm />
      </section>
    </Document>
  );
}

function Status(props: { trace: DonationTrace }) {
  const t = usePage().t.track;
  const { status } = props.trace;
  if (status === "confirmed") {
    return (
      <div class="status status-ok">
        <p>{t.status.confirmed}</p>
      </div>
    );
  }
  if (status === "failed") {
    const failed = props.trace.steps.find((s): s is Extract<TraceStep, { kind: "failed" }> => s.kind === "failed");
    return (
      <div class="status status-bad">
        <p>{t.status.failed}</p>
        <p>
          {t.fields.reason}: {failed?.reason ?? t.failedDefaultReason}
        </p>
        <p>{t.failedAdvice}</p>
      </div>
    );
  }
  // Without JavaScript the donor asks again with a plain GET; the script does it by itself.
  return (
    <div class="status status-wait">
      <p>{t.status[status]}</p>
      <p>{t.refreshNote}</p>
      <form method="get" action={`/track/${props.trace.trackingCode}`} class="check-again">
        <button type="submit">{t.checkAgain}</button>
      </form>
    </div>
  );
}

/**
 * Where the gift is now, by the trace's summary: spent means paid out to a final recipient, by
 * whichever organisation; money passed on to another organisation and not yet spent there is
 * shown as such, never as spent. Parts that are zero are left out, except spent and held here.
 */
function SpentSummary(props: { trace: DonationTrace }) {
  const page = usePage();
  const t = page.t.track;
  const { summary, currency } = props.trace;
  const amount = BigInt(props.trace.amount);
  const spent = BigInt(summary.delivered) + BigInt(summary.paidUnconfirmed);
  // Tenths of a percent, so a small payment still shows as a sliver on the bar.
  const width = amount > 0n ? Number((spent * 1000n) / amount) / 10 : 0;
  const rows: [label: string, minorUnits: bigint, always: boolean, cls?: string][] = [
    [t.spent, spent, true],
    [t.delivered, BigInt(summary.delivered), false, "part"],
    [t.inTransit, BigInt(summary.inTransit), false],
    [t.heldDownstream, BigInt(summary.heldDownstream), false],
    [t.refunded, BigInt(summary.refunded), false],
    [t.corrected, BigInt(summary.corrected), false],
    [t.held, BigInt(summary.heldHere), true],
  ];
  return (
    <>
      <div class="bar" role="img" aria-label={t.spentBarLabel(percent(spent, amount))}>
        <span style={{ width: `${width}%` }} />
      </div>
      <dl class="split">
        {rows
          .filter(([, value, always]) => always || value > 0n)
          .map(([label, value, , cls]) => (
            <div class={cls}>
              <dt>{label}</dt>
              <dd>{page.money(value, currency)}</dd>
            </div>
          ))}
      </dl>
    </>
  );
}

function TrackFooter(props: { asOfBlock: string | null }) {
  const t = usePage().t.track;
  return (
    <>
      <p>{props.asOfBlock === null ? t.notIndexedYet : t.asOfBlock(<strong>{props.asOfBlock}</strong>)}</p>
      <p>{t.checkNote}</p>
    </>
  );
}

/**
 * The QR code is inserted as raw markup, so accept only what the `qrcode` library produces:
 * one bare <svg> element with paths, nothing that could run script or load anything.
 */
function isQrCodeSvg(svg: string): boolean {
  return (
    /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>][\s\S]*<\/svg>\s*$/.test(svg) &&
    !/<(script|foreignObject|iframe|image|use|a|style)\b|\son[a-z]+\s*=|javascript:|href\s*=\s*["'](?!#)/i.test(svg)
  );
}
