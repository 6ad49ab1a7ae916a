import { z } from "zod";
import type { LedgerStore } from "../db/ledgers.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { buildLedger, periodsBetween, resolveRange, type LedgerBody, type Period } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";
import type { CampaignSummary } from "./get-campaign-ledger.ts";

/** Whether the organisation holds the public-fundraising qualification (公开募捐资格), and since which ledger event. */
export interface PublicFundraisingStatus {
  qualified: boolean;
  since: { blockNumber: string; txHash: string; logIndex: number; blockTime: string };
}

export interface OrganisationLedger {
  organisation: { id: string; name: string; suspended: boolean };
  /** null when the registrar never recorded a status for it. */
  publicFundraising: PublicFundraisingStatus | null;
  period: Period;
  from: string;
  to: string;
  /** The organisation's campaigns together, one ledger per currency (amounts of different currencies are never added). */
  totals: ({ currency: string; campaigns: number } & LedgerBody)[];
  /** Each campaign's own ledger, a page at a time in campaign id order. */
  campaigns: Page<{ campaign: Omit<CampaignSummary, "organisation"> } & LedgerBody>;
  asOfBlock: string | null;
}

const ZPosition = z.strictObject({ campaign: z.string().regex(/^\d{1,19}$/) });

/**
 * An organisation's ledger: the same as a campaign's, for all its campaigns together (per
 * currency) and for each campaign, the campaigns paged by `limit` and `cursor`.
 */
export async function getOrganisationLedger(options: {
  ledgers: LedgerStore;
  orgId: bigint;
  from?: string;
  to?: string;
  period: Period;
  limit: number;
  cursor?: string;
  now?: Date;
}): Promise<OrganisationLedger> {
  const now = options.now ?? new Date();
  const after = options.cursor !== undefined ? BigInt(decodeCursor(ZPosition, options.cursor).campaign) : 0n;
  const { result, asOfBlock } = await options.ledgers.inSnapshot(async (reads) => {
    const organisation = await reads.organisation(options.orgId);
    if (!organisation) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${options.orgId} is in the ledger.`, { errors: [{ field: "id", reason: "unknown organisation" }] });
    }
    const today = now.toISOString().slice(0, 10);
    const range = resolveRange(options, { from: (await reads.blockDay(organisation.blockNumber)) ?? today, to: today }, options.period);
    const periods = periodsBetween(range.from, range.to, options.period);
    const blocks = await reads.periodBlocks(periods);

    // All campaigns together, per currency; a currency with no money moved yet still has its ledger.
    const all = await reads.campaignUnits(organisation.id);
    const whole = { campaignIds: all.map((c) => c.id), by: "currency" as const };
    const [sumsByUnit, heldByUnit] = [await reads.placedSums(whole, range, options.period), await reads.heldByAge(whole, now)];
    const campaignsPerUnit = new Map<string, number>();
    for (const c of all) campaignsPerUnit.set(moneyUnit(c), (campaignsPerUnit.get(moneyUnit(c)) ?? 0) + 1);
    const totals = [...campaignsPerUnit.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, campaigns]) => ({
        currency,
        campaigns,
        ...buildLedger({ sums: sumsByUnit.get(currency) ?? [], periods, blocks, held: heldByUnit.get(currency) ?? [], agedAt: now }),
      }));

    // This page of campaigns, each on its own.
    const rows = await reads.campaignPage(organisation.id, after, options.limit + 1);
    const shown = { campaignIds: rows.slice(0, options.limit).map((c) => c.id), by: "campaign" as const };
    const [sums, held] = [await reads.placedSums(shown, range, options.period), await reads.heldByAge(shown, now)];
    const campaigns = toPage(
      rows,
      options.limit,
      (c) => ({
        campaign: { id: c.id.toString(), title: c.title, currency: moneyUnit(c), closed: c.closedBlock !== null },
        ...buildLedger({ sums: sums.get(c.id.toString()) ?? [], periods, blocks, held: held.get(c.id.toString()) ?? [], agedAt: now }),
      }),
      (c) => ({ campaign: c.id.toString() }),
    );

    const status = await reads.publicFundraising(organisation.id);
    return {
      organisation: { id: organisation.id.toString(), name: organisation.name, suspended: organisation.suspendedBlock !== null },
      publicFundraising: status
        ? {
            qualified: status.qualified,
            since: { blockNumber: status.blockNumber.toString(), txHash: status.txHash, logIndex: status.logIndex, blockTime: status.blockTime.toISOString().replace(".000Z", "Z") },
          }
        : null,
      period: options.period,
      ...range,
      totals,
      campaigns,
    };
  });
  return { ...result, asOfBlock };
}
