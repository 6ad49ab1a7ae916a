/**
 * Compliance checks as data: each rule is a row of the `compliance_rule` table (its kind says which
 * check below reads it; its parameters, title and source in regulation can be edited there), and
 * each check is a pure function of figures the mirror gives, with integer arithmetic only (amounts
 * in bigint minor units, ratios in basis points, compared by cross-multiplying, never divided).
 */

export const RULE_KINDS = ["min-charitable-spending", "max-management-costs", "unspent-by-age", "disclosure-cadence"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Whom a rule binds: organisations holding public-fundraising status during the year, or every organisation. */
export const RULE_SCOPES = ["public-fundraising", "all"] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

/** The parameters each kind of check reads, with what each means; an edit may set only these, as whole numbers. */
export const RULE_PARAMETERS: Record<RuleKind, Record<string, string>> = {
  "min-charitable-spending": { minBasisPoints: "the least share of the previous year's income, in basis points (7000 = 70%)" },
  "max-management-costs": { maxBasisPoints: "the largest share of the year's spending, in basis points (1000 = 10%)", exemptBelowMinorUnits: "management costs below this (minor units) are exempt" },
  "unspent-by-age": { warnAfterDays: "money held longer than this many days is a warning" },
  "disclosure-cadence": { longerThanMonths: "drives longer than this need periodic disclosures", everyMonths: "the longest span between them", finalWithinMonths: "the final disclosure is due this many months after the end" },
};

export interface ComplianceRule {
  code: string;
  kind: RuleKind;
  title: { en: string; zh: string };
  /** The regulation it comes from, as a person would cite it. */
  source: string;
  appliesTo: RuleScope;
  parameters: Record<string, number>;
  enabled: boolean;
}

export type Outcome = "pass" | "fail" | "warn" | "not-applicable";

/** Why a result came out as it did, as data: the pages word it in the reader's language. */
export const REASON_KEYS = [
  "scope.noPublicFundraising",
  "figures.noMoneyMoved",
  "unspent.noCampaignHolds",
  "disclosure.noDrive",
  "charitable.noIncome",
  "charitable.share",
  "management.nothingSpent",
  "management.exempt",
  "management.share",
  "unspent.none",
  "unspent.old",
  "unspent.recent",
  "disclosure.late",
  "disclosure.onTime",
] as const;
export type ReasonKey = (typeof REASON_KEYS)[number];
/** One way a drive's disclosures were late: a span without any, no final one, or a final one too late. */
export const DISCLOSURE_PROBLEM_KEYS = ["gap", "stillNone", "noFinal", "finalLate"] as const;
export type DisclosureProblemKey = (typeof DISCLOSURE_PROBLEM_KEYS)[number];

export interface Reason {
  key: ReasonKey;
  /** Amounts as strings of minor units, shares in basis points, days, dates as YYYY-MM-DD. */
  values: Record<string, string | number>;
  /** For a late disclosure, each way it was late, with its dates. */
  problems?: { key: DisclosureProblemKey; values: Record<string, string> }[];
}

export interface RuleResult {
  rule: string;
  outcome: Outcome;
  /** One sentence a person reads, with the figures, in English (the pages word `reason` in theirs). */
  explanation: string;
  reason: Reason;
  /** What was measured and what it was held against, as strings of digits (amounts) or numbers (basis points, days). */
  measured: Record<string, string | number>;
}

/** One organisation's money in one currency over a calendar year, from the flow sums. */
export interface YearFigures {
  /** Donations less refunds, plus grants received (acknowledged). */
  income: bigint;
  programme: bigint;
  administration: bigint;
  fundraising: bigint;
  /** Grants sent to other organisations and not refused. */
  grantsGiven: bigint;
}

export const totalSpending = (y: YearFigures) => y.programme + y.administration + y.fundraising + y.grantsGiven;
/** Charitable-activity spending: programme payouts and grants to other organisations' charitable work. */
export const charitableSpending = (y: YearFigures) => y.programme + y.grantsGiven;

const bp = (part: bigint, whole: bigint) => (whole === 0n ? 0 : Number((part * 10_000n) / whole));
const pct = (basisPoints: number) => `${(basisPoints / 100).toFixed(2)}%`;

/** The year's charitable-activity spending against a share of the previous year's total income. */
export function checkCharitableSpending(rule: ComplianceRule, year: YearFigures, previous: YearFigures, currency: string): RuleResult {
  const min = rule.parameters.minBasisPoints ?? 7_000;
  const spent = charitableSpending(year);
  const measured = { charitableSpending: spent.toString(), previousIncome: previous.income.toString(), shareBasisPoints: bp(spent, previous.income), minBasisPoints: min };
  if (previous.income <= 0n) {
    return { rule: rule.code, outcome: "not-applicable", measured, explanation: `No income was recorded in the previous year (${currency}), so there is no share to reach.`, reason: { key: "charitable.noIncome", values: {} } };
  }
  const ok = spent * 10_000n >= previous.income * BigInt(min);
  return {
    rule: rule.code,
    outcome: ok ? "pass" : "fail",
    measured,
    explanation: `Charitable-activity spending ${spent} is ${pct(measured.shareBasisPoints)} of the previous year's income ${previous.income} (${currency}); at least ${pct(min)} is required.`,
    reason: { key: "charitable.share", values: { spent: spent.toString(), income: previous.income.toString(), share: measured.shareBasisPoints, min } },
  };
}

/** The year's management costs against a share of its total spending; small totals are exempt. */
export function checkManagementCosts(rule: ComplianceRule, year: YearFigures, currency: string): RuleResult {
  const max = rule.parameters.maxBasisPoints ?? 1_000;
  const exemptBelow = BigInt(rule.parameters.exemptBelowMinorUnits ?? 0);
  const total = totalSpending(year);
  const measured = { managementCosts: year.administration.toString(), totalSpending: total.toString(), shareBasisPoints: bp(year.administration, total), maxBasisPoints: max };
  if (total === 0n) return { rule: rule.code, outcome: "not-applicable", measured, explanation: `Nothing was spent this year (${currency}).`, reason: { key: "management.nothingSpent", values: {} } };
  if (year.administration < exemptBelow) {
    return {
      rule: rule.code,
      outcome: "pass",
      measured,
      explanation: `Management costs ${year.administration} are below ${exemptBelow} (${currency}), which the rule exempts from the share.`,
      reason: { key: "management.exempt", values: { costs: year.administration.toString(), exemptBelow: exemptBelow.toString() } },
    };
  }
  const ok = year.administration * 10_000n <= total * BigInt(max);
  return {
    rule: rule.code,
    outcome: ok ? "pass" : "fail",
    measured,
    explanation: `Management costs ${year.administration} are ${pct(measured.shareBasisPoints)} of total spending ${total} (${currency}); at most ${pct(max)} is allowed.`,
    reason: { key: "management.share", values: { costs: year.administration.toString(), total: total.toString(), share: measured.shareBasisPoints, max } },
  };
}

/** Money a campaign still holds, by how long ago it arrived. */
export interface HeldLot {
  days: number;
  amount: bigint;
}

export const AGE_BUCKETS = [30, 90, 180, 365] as const;

/** Unspent money per age bucket (over 30, 90, 180 and 365 days); a warning when any is older than `warnAfterDays`. */
export function checkUnspentByAge(rule: ComplianceRule, held: HeldLot[], currency: string): RuleResult {
  const warnAfter = rule.parameters.warnAfterDays ?? 365;
  const over = (days: number) => held.filter((l) => l.days > days).reduce((sum, l) => sum + l.amount, 0n);
  const total = held.reduce((sum, l) => sum + l.amount, 0n);
  const measured: Record<string, string | number> = { held: total.toString(), warnAfterDays: warnAfter };
  for (const days of AGE_BUCKETS) measured[`over${days}Days`] = over(days).toString();
  const old = over(warnAfter);
  if (total === 0n) return { rule: rule.code, outcome: "not-applicable", measured, explanation: `The campaign holds no unspent money (${currency}).`, reason: { key: "unspent.none", values: {} } };
  return {
    rule: rule.code,
    outcome: old > 0n ? "warn" : "pass",
    measured,
    explanation: old > 0n ? `${old} of ${total} unspent (${currency}) arrived more than ${warnAfter} days ago.` : `All ${total} unspent (${currency}) arrived within the last ${warnAfter} days.`,
    reason: old > 0n ? { key: "unspent.old", values: { old: old.toString(), total: total.toString(), days: warnAfter } } : { key: "unspent.recent", values: { total: total.toString(), days: warnAfter } },
  };
}

/** A campaign as a public-fundraising drive, and its disclosures (DisclosurePublished events). */
export interface Drive {
  openedAt: Date;
  closedAt: Date | null;
  disclosures: { publishedAt: Date; final: boolean }[];
}

/** `date` moved by whole calendar months (the 31st into a shorter month ends on its last day). */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Disclosure cadence, as of `asOf`: a drive open longer than `longerThanMonths` discloses at least
 * every `everyMonths` while it runs (counted from its opening, then from each disclosure), and every
 * drive publishes a final disclosure within `finalWithinMonths` of its end.
 */
export function checkDisclosureCadence(rule: ComplianceRule, drive: Drive, asOf: Date): RuleResult {
  const longer = rule.parameters.longerThanMonths ?? 6;
  const every = rule.parameters.everyMonths ?? 3;
  const finalWithin = rule.parameters.finalWithinMonths ?? 3;
  const end = drive.closedAt && drive.closedAt < asOf ? drive.closedAt : asOf;
  const published = drive.disclosures.filter((d) => d.publishedAt <= asOf).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const problems: string[] = [];
  const late: NonNullable<Reason["problems"]> = [];

  if (addMonths(drive.openedAt, longer) < end) {
    // Each span without a disclosure, from the opening (or the last disclosure) to the next one or the end.
    let since = drive.openedAt;
    for (const at of [...published.filter((d) => d.publishedAt <= end).map((d) => d.publishedAt), end]) {
      const due = addMonths(since, every);
      if (at > due) {
        problems.push(`nothing disclosed from ${day(since)} until ${at === end ? `${day(end)} (still none)` : day(at)}: due by ${day(due)}`);
        late.push({ key: at === end ? "stillNone" : "gap", values: { since: day(since), until: day(at), due: day(due) } });
      }
      since = at;
    }
  }
  const closed = drive.closedAt !== null && drive.closedAt <= asOf;
  const finalDue = closed ? addMonths(drive.closedAt!, finalWithin) : null;
  const final = closed ? published.find((d) => d.final && d.publishedAt >= drive.closedAt!) : undefined;
  if (closed && !final && asOf > finalDue!) {
    problems.push(`no final disclosure after the drive ended on ${day(drive.closedAt!)}: due by ${day(finalDue!)}`);
    late.push({ key: "noFinal", values: { ended: day(drive.closedAt!), due: day(finalDue!) } });
  }
  if (closed && final && final.publishedAt > finalDue!) {
    problems.push(`the final disclosure came on ${day(final.publishedAt)}, after ${day(finalDue!)}`);
    late.push({ key: "finalLate", values: { at: day(final.publishedAt), due: day(finalDue!) } });
  }

  const measured: Record<string, string | number> = { disclosures: published.length, openedAt: drive.openedAt.toISOString(), ...(drive.closedAt ? { closedAt: drive.closedAt.toISOString() } : {}) };
  if (finalDue) measured.finalDue = finalDue.toISOString();
  if (problems.length > 0) {
    return { rule: rule.code, outcome: "fail", measured, explanation: `Disclosure late: ${problems.join("; ")}.`, reason: { key: "disclosure.late", values: {}, problems: late } };
  }
  const pending = closed && !final ? ` The final disclosure is due by ${day(finalDue!)}.` : "";
  return {
    rule: rule.code,
    outcome: "pass",
    measured,
    explanation: `${published.length} disclosure(s), none overdue as of ${day(asOf)}.${pending}`,
    reason: { key: "disclosure.onTime", values: { disclosures: published.length, asOf: day(asOf), ...(closed && !final ? { finalDue: day(finalDue!) } : {}) } },
  };
}
