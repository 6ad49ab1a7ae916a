import type { ComplianceStore } from "../db/compliance-facts.ts";
import type { FlowStore } from "../db/flows.ts";
import type { GrantListRow, GrantListStore } from "../db/grant-list.ts";
import type { LedgerStore } from "../db/ledgers.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { FlowGraph } from "../domain/flow-graph.ts";
import type { LedgerBody } from "../domain/ledger.ts";
import type { Outcome } from "../domain/compliance.ts";
import { moneyUnit } from "../domain/money.ts";
import { checkCompliance, type ComplianceResultView } from "./check-compliance.ts";
import { getFlows } from "./get-flows.ts";
import { getOrganisationLedger } from "./get-organisation-ledger.ts";

/** A report lists at most this many grants one by one (largest first); the rest are in the records export. */
export const REPORT_GRANT_LIMIT = 100;

export interface ReportGrant extends Omit<GrantListRow, "asset" | "currency" | "token" | "blockTime"> {
  currency: string;
  blockTime: string;
}

/** What a report shows: the same for an organisation's year and for a campaign. */
export interface Report {
  organisation: { id: string; name: string };
  /** Set on a campaign's report. */
  campaign?: { id: string; title: string; currency: string; closed: boolean };
  /** The calendar year of an organisation's report, and the year whose compliance results a campaign's shows. */
  year: number;
  from: string;
  to: string;
  /** One ledger per currency: income by channel, spending by purpose, money held by age. */
  ledgers: ({ currency: string } & LedgerBody)[];
  grants: { items: ReportGrant[]; more: boolean };
  compliance: { results: ComplianceResultView[]; summary: Record<Outcome, number> };
  /** The flow graph of the range, one per currency. */
  flows: FlowGraph[];
  asOfBlock: string | null;
  generatedAt: string;
}

export interface ReportStores {
  ledgers: LedgerStore;
  flows: FlowStore;
  compliance: ComplianceStore;
  grantList: GrantListStore;
}

/** Years a report can be asked for. */
export const REPORT_YEARS = { first: 2000, last: 2999 };

/**
 * An organisation's annual report: its ledger for calendar year `year` (UTC), its grants given and
 * received with the organisations at the other end, the compliance results for that year, the
 * money it holds now by age and the year's flow graph. Every figure is read from the indexer's
 * sums, lots and compliance facts; only the grants are listed one by one (at most REPORT_GRANT_LIMIT).
 */
export async function buildOrganisationReport(options: { stores: ReportStores; orgId: bigint; year: number; now?: Date }): Promise<Report> {
  const now = options.now ?? new Date();
  const { year } = options;
  if (!Number.isInteger(year) || year < REPORT_YEARS.first || year > REPORT_YEARS.last) {
    throw new AppError(AppErrorCode.NotFound, `There is no report for year ${year}.`, { errors: [{ field: "year", reason: `must be a year from ${REPORT_YEARS.first} to ${REPORT_YEARS.last}` }] });
  }
  const today = now.toISOString().slice(0, 10);
  const from = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const to = yearEnd < today ? yearEnd : today < from ? from : today;

  const ledger = await getOrganisationLedger({ ledgers: options.stores.ledgers, orgId: options.orgId, from, to, period: "year", limit: 1, now });
  const [flows, compliance, campaignIds] = await Promise.all([
    getFlows({ flows: options.stores.flows, from, to, organisation: options.orgId, now }),
    checkCompliance({ compliance: options.stores.compliance, year, organisationId: options.orgId }),
    options.stores.ledgers.inSnapshot((reads) => reads.campaignUnits(options.orgId)),
  ]);
  const grants = await listGrants(options.stores.grantList, campaignIds.result.map((c) => c.id.toString()), from, to);
  const org = compliance.organisations[0]!;
  return {
    organisation: ledger.organisation,
    year,
    from,
    to,
    ledgers: ledger.totals.map(({ campaigns: _, ...body }) => body),
    grants,
    compliance: { results: org.results, summary: org.summary },
    flows: flows.currencies,
    asOfBlock: ledger.asOfBlock,
    generatedAt: now.toISOString(),
  };
}

export async function listGrants(store: GrantListStore, campaignIds: string[], from: string, to: string): Promise<Report["grants"]> {
  const { rows, more } = await store.list({ campaignIds, from, to, limit: REPORT_GRANT_LIMIT });
  return {
    items: rows.map(({ asset, currency, token, blockTime, ...g }) => ({ ...g, currency: moneyUnit({ asset, currency, token }), blockTime: blockTime.toISOString() })),
    more,
  };
}
