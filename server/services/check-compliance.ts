import type { ComplianceStore } from "../db/compliance-facts.ts";
import {
  addMonths,
  checkCharitableSpending,
  checkDisclosureCadence,
  checkManagementCosts,
  checkUnspentByAge,
  type ComplianceRule,
  type Outcome,
  type RuleResult,
} from "../domain/compliance.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";

export interface ComplianceResultView extends RuleResult {
  title: { en: string; zh: string };
  source: string;
  /** The money unit (a currency) the figures are in, for checks of money. */
  currency?: string;
  campaign?: { id: string; title: string };
  /** Where the figures come from: the query that sums them and the records themselves (API paths). */
  links: { rel: "ledger" | "records" | "disclosures"; href: string }[];
}

export interface OrganisationCompliance {
  organisation: { id: string; name: string; registrationNumber: string; suspended: boolean; publicFundraising: boolean };
  results: ComplianceResultView[];
  summary: Record<Outcome, number>;
}

export interface ComplianceReport {
  year: number;
  /** The mirror's block the figures are read at. */
  asOf: { block: string; time: string } | null;
  organisations: OrganisationCompliance[];
}

/**
 * Runs every enabled rule of the `compliance_rule` table over calendar year `year` (UTC) for one
 * organisation or all, from one snapshot of the mirror. Rules for organisations with
 * public-fundraising status are not applicable to one that did not hold it during the year.
 */
export async function checkCompliance(options: { compliance: ComplianceStore; year: number; organisationId?: bigint }): Promise<ComplianceReport> {
  const { year } = options;
  const [rules, facts] = await Promise.all([options.compliance.rules(), options.compliance.facts(year, options.organisationId)]);
  if (options.organisationId !== undefined && facts.organisations.length === 0) {
    throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisationId} is on the ledger.`, { errors: [{ field: "organisation", reason: "unknown organisation" }] });
  }
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const yearEnd = new Date(Date.UTC(year + 1, 0, 1));
  const asOf = facts.asOf && facts.asOf.time < yearEnd ? facts.asOf.time : yearEnd;
  const enabled = rules.filter((r) => r.enabled);

  const organisations = facts.organisations.map((org): OrganisationCompliance => {
    const id = org.id.toString();
    const orgLinks = [
      { rel: "ledger" as const, href: `/api/v1/organisations/${id}/ledger?from=${year - 1}-01-01&to=${to}&period=year` },
      { rel: "records" as const, href: `/api/v1/organisations/${id}/records.csv?from=${year - 1}-01-01&to=${to}` },
    ];
    const results: ComplianceResultView[] = [];
    const add = (rule: ComplianceRule, result: RuleResult, extra: Partial<ComplianceResultView> & Pick<ComplianceResultView, "links">) =>
      results.push({ ...result, title: rule.title, source: rule.source, ...extra });
    for (const rule of enabled) {
      if (rule.appliesTo === "public-fundraising" && !org.publicFundraising) {
        add(rule, { rule: rule.code, outcome: "not-applicable", measured: {}, explanation: `The organisation did not hold public-fundraising status during ${year}.`, reason: { key: "scope.noPublicFundraising", values: { year } } }, { links: [] });
        continue;
      }
      if (rule.kind === "min-charitable-spending" || rule.kind === "max-management-costs") {
        const byUnit = facts.figures.get(org.id) ?? new Map();
        if (byUnit.size === 0) add(rule, { rule: rule.code, outcome: "not-applicable", measured: {}, explanation: `No money moved in ${year - 1} or ${year}.`, reason: { key: "figures.noMoneyMoved", values: { year } } }, { links: orgLinks });
        for (const [unit, f] of byUnit) {
          const result = rule.kind === "min-charitable-spending" ? checkCharitableSpending(rule, f.year, f.previous, unit) : checkManagementCosts(rule, f.year, unit);
          add(rule, result, { currency: unit, links: orgLinks });
        }
        continue;
      }
      const campaigns = facts.campaigns.get(org.id) ?? [];
      if (rule.kind === "unspent-by-age") {
        const holding = campaigns.filter((c) => c.held.length > 0);
        if (holding.length === 0) add(rule, { rule: rule.code, outcome: "not-applicable", measured: {}, explanation: "No campaign holds unspent money.", reason: { key: "unspent.noCampaignHolds", values: {} } }, { links: [] });
        for (const c of holding) {
          add(rule, checkUnspentByAge(rule, c.held, c.unit), { currency: c.unit, campaign: { id: c.id.toString(), title: c.title }, links: campaignLinks(c.id, from, to) });
        }
        continue;
      }
      // Disclosure cadence: every drive that ran during the year, or whose final disclosure fell due in it.
      const finalWithin = rule.parameters.finalWithinMonths ?? 3;
      const drives = campaigns.filter((c) => c.openedAt < yearEnd && (c.closedAt === null || addMonths(c.closedAt, finalWithin) >= new Date(Date.UTC(year, 0, 1))));
      if (drives.length === 0) add(rule, { rule: rule.code, outcome: "not-applicable", measured: {}, explanation: `No fundraising drive ran in ${year}.`, reason: { key: "disclosure.noDrive", values: { year } } }, { links: [] });
      for (const c of drives) {
        const links = [{ rel: "disclosures" as const, href: `/api/v1/campaigns/${c.id}/disclosures` }, ...campaignLinks(c.id, from, to)];
        add(rule, checkDisclosureCadence(rule, c, asOf), { campaign: { id: c.id.toString(), title: c.title }, links });
      }
    }
    const summary: Record<Outcome, number> = { pass: 0, fail: 0, warn: 0, "not-applicable": 0 };
    for (const r of results) summary[r.outcome]++;
    return {
      organisation: { id, name: org.name, registrationNumber: org.registrationNumber, suspended: org.suspended, publicFundraising: org.publicFundraising },
      results,
      summary,
    };
  });
  return { year, asOf: facts.asOf ? { block: facts.asOf.block, time: facts.asOf.time.toISOString() } : null, organisations };
}

function campaignLinks(id: bigint, from: string, to: string): ComplianceResultView["links"] {
  return [
    { rel: "ledger", href: `/api/v1/campaigns/${id}/ledger?from=${from}&to=${to}&period=year` },
    { rel: "records", href: `/api/v1/campaigns/${id}/records.csv?from=${from}&to=${to}` },
  ];
}
