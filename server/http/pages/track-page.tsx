import type { ComponentChildren } from "preact";
import type { ChainRef, DonationTrace, TraceStep, Where } from "../../domain/trace.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { formatAmount, formatDate, percent, shortHash } from "./format.ts";
import { Document, TrackForm, renderDocument } from "./layout.tsx";
import { text } from "./strings.ts";

const REFRESH_SECONDS = 5;
const t = text.track;

/** What each step needs besides itself: how to write an amount, and where its transaction can be looked at. */
interface StepContext {
  money: (minorUnits: string) => string;
  /** A block explorer's page for the transaction; undefined when none is configured (a local chain). */
  txUrl: (txHash: string) => string | undefined;
}

/**
 * The tracking page at `/track/{code}`: the gift, its state in plain words, its journey as a
 * timeline (received, recorded, what it paid for or where it was passed on, and then, organisation
 * by organisation, what each one that received part of it did with it), where the gift is now, and
 * where each figure sits on the chain. A gift that is not on the ledger yet reloads itself every
 * few seconds, so no JavaScript is needed.
 */
export function renderTrackPage(
  trace: DonationTrace,
  options: {
    qrSvg?: string;
    pageUrl: string;
    verification?: VerificationStatus;
    /** A block explorer's address for a transaction, with `{txHash}` where its hash goes. */
    explorerTxUrl?: string;
  },
): string {
  const doubtful = trace.inconsistent || options.verification?.state === "differences";
  const waiting = trace.status === "pending" || trace.status === "submitted";
  const money = (minorUnits: string) => formatAmount(minorUnits, trace.currency);
  const { explorerTxUrl } = options;
  const context: StepContext = { money, txUrl: (txHash) => explorerTxUrl?.replace("{txHash}", txHash) };
  const { here, passedOn } = groupByPlace(trace.steps);
  return renderDocument(
    <Document
      title={t.title(trace.trackingCode)}
      refreshSeconds={waiting ? REFRESH_SECONDS : undefined}
      private
      footer={<TrackFooter asOfBlock={trace.asOfBlock} />}
    >
      <p class="code-line">
        {t.codeLabel} <strong>{trace.trackingCode}</strong>
      </p>
      <h1>{t.heading(trace.organisation.name)}</h1>
      <p class="campaign">
        {t.campaign}: <strong>{trace.campaign.title}</strong>
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

      <section class="card" aria-labelledby="journey">
        <h2 id="journey">{t.timelineHeading}</h2>
        <ol class="timeline">
          {here.map((step) => (
            <Step step={step} context={context} level={3} />
          ))}
          {passedOn.map((group) => (
            <li class="hop">
              <div class="hop-head">
                <h3>{t.steps.hopHeading(<strong>{group.where.organisation.name}</strong>)}</h3>
                <p>{t.steps.hopIntro(joinNames(group.from), group.where.campaign.title)}</p>
              </div>
              <ol class="timeline">
                {group.steps.map((step) => (
                  <Step step={step} context={context} level={4} />
                ))}
              </ol>
            </li>
          ))}
          {waiting && (
            <li class="step-next">
              <h3>{t.nextStep}</h3>
              <p>{t.nextStepNote}</p>
            </li>
          )}
        </ol>
      </section>

      {(trace.flagged ?? []).length > 0 && (
        <section class="card flagged" aria-labelledby="flagged">
          <h2 id="flagged">{t.flaggedHeading}</h2>
          <p>{t.flaggedNote}</p>
          <ul>
            {trace.flagged.map((f) => (
              <li>{t.flaggedItem(f.kind, f.recordId, f.reason)}</li>
            ))}
          </ul>
        </section>
      )}

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
      </section>

      <section class="card" aria-labelledby="another">
        <h2 id="another">{t.anotherHeading}</h2>
        <TrackForm />
      </section>
    </Document>,
  );
}

function Status(props: { trace: DonationTrace }) {
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
  return (
    <div class="status status-wait">
      <p>{t.status[status]}</p>
      <p>{t.refreshNote}</p>
    </div>
  );
}

/**
 * Where the gift is now, by the trace's summary: spent means paid out to a final recipient, by
 * whichever organisation; money passed on to another organisation and not yet spent there is
 * shown as such, never as spent. Parts that are zero are left out, except spent and held here.
 */
function SpentSummary(props: { trace: DonationTrace }) {
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
              <dd>{formatAmount(value.toString(), currency)}</dd>
            </div>
          ))}
      </dl>
    </>
  );
}

interface PassedOn {
  where: Where;
  /** The organisations whose grants brought this part of the gift here. */
  from: string[];
  steps: TraceStep[];
}

/**
 * The steps in the gift's own campaign, in chain order; then, for each place the gift was passed
 * on to (a campaign at a hop), in the order the gift reached them, what happened there.
 */
function groupByPlace(steps: TraceStep[]): { here: TraceStep[]; passedOn: PassedOn[] } {
  const here: TraceStep[] = [];
  const places = new Map<string, PassedOn>();
  const placeKey = (hop: number, campaignId: string) => `${hop}:${campaignId}`;
  for (const step of steps) {
    if (!("where" in step) || step.where.hop === 0) {
      here.push(step);
      continue;
    }
    const key = placeKey(step.where.hop, step.where.campaign.id);
    let place = places.get(key);
    if (!place) places.set(key, (place = { where: step.where, from: [], steps: [] }));
    place.steps.push(step);
  }
  for (const step of steps) {
    if (step.kind !== "granted" || step.refused) continue;
    const place = places.get(placeKey(step.where.hop + 1, step.toCampaign.id));
    if (place && !place.from.includes(step.where.organisation.name)) place.from.push(step.where.organisation.name);
  }
  return { here, passedOn: [...places.values()] };
}

function joinNames(names: string[]): ComponentChildren {
  return names.flatMap((name, i) => [i > 0 ? t.steps.and : null, <strong>{name}</strong>]);
}

function Step(props: { step: TraceStep; context: StepContext; level: 3 | 4 }) {
  const { step, context } = props;
  const { money } = context;
  const H = props.level === 3 ? "h3" : "h4";
  switch (step.kind) {
    case "donated":
      return (
        <li class="step-donated">
          <H>{t.steps.donated}</H>
          <When at={step.at} />
          <p>{t.steps.donatedDetail(<strong>{money(step.amount)}</strong>, text.channel[step.channel])}</p>
        </li>
      );
    case "recorded":
      return (
        <li class="step-recorded">
          <H>{t.steps.recorded}</H>
          <When at={step.at} />
          <ChainFacts txUrl={context.txUrl} chain={step.chain} />
          <CheckDetails chain={step.chain} recordId={step.recordId} />
        </li>
      );
    case "disbursed":
      return (
        <li class={step.confirmed ? "step-disbursed step-delivered" : "step-disbursed"}>
          <H>{t.steps.disbursed(text.purpose[step.purpose])}</H>
          <When at={step.at} />
          <p>
            {t.steps.disbursedDetail(
              <strong>{money(step.amount)}</strong>,
              text.purpose[step.purpose],
              <code title={step.recipientCommitment}>{shortHash(step.recipientCommitment)}</code>,
            )}
          </p>
          <p class={step.confirmed ? "delivery delivered" : "delivery"}>
            {step.confirmed ? <strong>{t.steps.disbursementConfirmed}</strong> : t.steps.disbursementNotConfirmed}
          </p>
          <ChainFacts
            txUrl={context.txUrl}
            chain={step.chain}
            before={[
              [t.fields.wholePayment, money(step.disbursementAmount)],
              [t.fields.evidence, <code title={step.evidenceSha256}>{shortHash(step.evidenceSha256)}</code>],
            ]}
          />
          <CheckDetails chain={step.chain} recordId={step.recordId} evidenceSha256={step.evidenceSha256} />
        </li>
      );
    case "granted":
      return (
        <li class="step-granted">
          <H>{t.steps.granted(step.toOrganisation.name)}</H>
          <When at={step.at} />
          <p>{t.steps.grantedDetail(<strong>{money(step.amount)}</strong>, <strong>{step.toOrganisation.name}</strong>, step.toCampaign.title)}</p>
          <p>{step.refused ? t.steps.grantRefused : step.acknowledged ? t.steps.grantAcknowledged : t.steps.grantNotAcknowledged}</p>
          <ChainFacts txUrl={context.txUrl} chain={step.chain} before={[[t.fields.wholeGrant, money(step.grantAmount)]]} />
          <CheckDetails chain={step.chain} recordId={step.recordId} />
        </li>
      );
    case "corrected":
      return (
        <li class="step-corrected">
          <H>{t.steps.corrected}</H>
          <When at={step.at} />
          <p>{t.steps.correctedDetail(<strong>{money(step.amount)}</strong>)}</p>
          <ChainFacts txUrl={context.txUrl} chain={step.chain} />
          <CheckDetails chain={step.chain} recordId={step.recordId} />
        </li>
      );
    case "refunded":
      return (
        <li class="step-refunded">
          <H>{t.steps.refunded}</H>
          <When at={step.at} />
          <p>{t.steps.refundedDetail(<strong>{money(step.amount)}</strong>)}</p>
          <ChainFacts txUrl={context.txUrl} chain={step.chain} />
          <CheckDetails chain={step.chain} recordId={step.recordId} />
        </li>
      );
    case "failed":
      return (
        <li class="step-failed">
          <H>{t.steps.failed}</H>
          <When at={step.at} />
          <p>
            {t.fields.reason}: {step.reason}
          </p>
        </li>
      );
  }
}

function When(props: { at: string }) {
  return <time datetime={props.at}>{formatDate(props.at)}</time>;
}

type Fact = [label: ComponentChildren, value: ComponentChildren];

/** Label and value pairs; a value moves under its label when the line is too narrow for both. */
function Facts(props: { rows: Fact[] }) {
  return (
    <dl class="facts">
      {props.rows.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Block and transaction at a glance; the hash is shortened here (and links to the transaction on a
 * block explorer when one is configured) and given in full below.
 */
function ChainFacts(props: { chain: ChainRef; before?: Fact[]; txUrl: StepContext["txUrl"] }) {
  const hash = <code title={props.chain.txHash}>{shortHash(props.chain.txHash)}</code>;
  const url = props.txUrl(props.chain.txHash);
  return (
    <Facts
      rows={[
        ...(props.before ?? []),
        [t.fields.block, props.chain.blockNumber],
        [t.fields.transaction, url === undefined ? hash : <a href={url}>{hash}</a>],
      ]}
    />
  );
}

/** Everything needed to find the record on the chain, in full; folded away, opens without JavaScript. */
function CheckDetails(props: { chain: ChainRef; recordId: string; evidenceSha256?: string }) {
  return (
    <details>
      <summary>{t.checkDetails}</summary>
      <Facts
        rows={[
          [t.fields.block, props.chain.blockNumber],
          [t.fields.transaction, <code>{props.chain.txHash}</code>],
          [t.fields.logIndex, props.chain.logIndex],
          [t.fields.record, props.recordId],
          ...(props.evidenceSha256 !== undefined ? [[t.fields.evidence, <code>{props.evidenceSha256}</code>] as Fact] : []),
        ]}
      />
    </details>
  );
}

function TrackFooter(props: { asOfBlock: string | null }) {
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
