import type { ComponentChildren } from "preact";
import type { ChainRef, TraceStep, Where } from "../../domain/trace.ts";
import { shortHash } from "./format.ts";
import { textLang, usePage } from "./page-context.ts";

/** What each step needs besides itself: how to write an amount, and where its transaction can be looked at. */
interface StepContext {
  money: (minorUnits: string) => string;
  /** A block explorer's page for the transaction; undefined when none is configured (a local chain). */
  txUrl: (txHash: string) => string | undefined;
}

/**
 * The gift's journey as a timeline: received, recorded, and what happened to it in its own
 * campaign; then, organisation by organisation, what each one it was passed on to did with its
 * part, under a heading naming who passed it on. Every step on the chain shows its block and
 * transaction (linked to a block explorer when one is configured) and, folded, all it takes to
 * check it.
 */
export function Journey(props: { steps: TraceStep[]; money: StepContext["money"]; txUrl: StepContext["txUrl"]; waiting: boolean }) {
  const t = usePage().t.track;
  const context: StepContext = { money: props.money, txUrl: props.txUrl };
  const { here, passedOn } = groupByPlace(props.steps);
  return (
    <ol class="timeline">
      {here.map((step) => (
        <Step step={step} context={context} level={3} />
      ))}
      {passedOn.map((group) => (
        <li class="hop">
          <div class="hop-head">
            <h3>{t.steps.hopHeading(<strong lang={textLang(group.where.organisation.name)}>{group.where.organisation.name}</strong>)}</h3>
            <p>{t.steps.hopIntro(joinNames(group.from), <Typed text={group.where.campaign.title} />)}</p>
          </div>
          <ol class="timeline">
            {group.steps.map((step) => (
              <Step step={step} context={context} level={4} />
            ))}
          </ol>
        </li>
      ))}
      {props.waiting && (
        <li class="step-next">
          <h3>{t.nextStep}</h3>
          <p>{t.nextStepNote}</p>
        </li>
      )}
    </ol>
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
  const t = usePage().t.track;
  return names.flatMap((name, i) => [i > 0 ? t.steps.and : null, <strong lang={textLang(name)}>{name}</strong>]);
}

function Step(props: { step: TraceStep; context: StepContext; level: 3 | 4 }) {
  const { t: text } = usePage();
  const t = text.track;
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
          <H>{t.steps.granted(<Typed text={step.toOrganisation.name} />)}</H>
          <When at={step.at} />
          <p>{t.steps.grantedDetail(<strong>{money(step.amount)}</strong>, <strong lang={textLang(step.toOrganisation.name)}>{step.toOrganisation.name}</strong>, <Typed text={step.toCampaign.title} />)}</p>
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

/** Text an organisation typed (a name, a title), marked with its own language when its script tells. */
function Typed(props: { text: string }) {
  return <span lang={textLang(props.text)}>{props.text}</span>;
}

function When(props: { at: string }) {
  const { dateTime } = usePage();
  return <time datetime={props.at}>{dateTime(props.at)}</time>;
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
  const t = usePage().t.track;
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
  const t = usePage().t.track;
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
