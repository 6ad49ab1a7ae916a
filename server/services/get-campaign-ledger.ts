import type { LedgerStore } from "../db/ledgers.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { buildLedger, periodsBetween, resolveRange, type LedgerBody, type Period } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";

export interface CampaignSummary {
  id: string;
  title: string;
  organisation: { id: string; name: string };
  /** ISO 4217 code, "native" or "erc20:<token>": what every amount of this campaign is counted in. */
  currency: string;
  closed: boolean;
}

export interface CampaignLedger extends LedgerBody {
  /** `target`: minor units, "0" for none. */
  campaign: CampaignSummary & { target: string };
  period: Period;
  from: string;
  to: string;
  asOfBlock: string | null;
}

/**
 * A campaign's ledger: money in, out and held over a range of days, period by period, the share
 * spent on each purpose, and the age of the money it holds now. Read from the indexer's sums on
 * one snapshot of the mirror; `now` (the server's clock) dates today and the ages.
 */
export async function getCampaignLedger(options: { ledgers: LedgerStore; campaignId: bigint; from?: string; to?: string; period: Period; now?: Date }): Promise<CampaignLedger> {
  const now = options.now ?? new Date();
  const { result, asOfBlock } = await options.ledgers.inSnapshot(async (reads) => {
    const campaign = await reads.campaign(options.campaignId);
    if (!campaign) throw notFound(options.campaignId);
    // The mirror holds a campaign only under an organisation it holds.
    const organisation = (await reads.organisation(campaign.orgId))!;
    const today = now.toISOString().slice(0, 10);
    const range = resolveRange(options, { from: (await reads.blockDay(campaign.blockNumber)) ?? today, to: today }, options.period);
    const periods = periodsBetween(range.from, range.to, options.period);
    const key = campaign.id.toString();
    const of = { campaignIds: [campaign.id], by: "campaign" as const };
    const sums = (await reads.placedSums(of, range, options.period)).get(key) ?? [];
    const held = (await reads.heldByAge(of, now)).get(key) ?? [];
    const blocks = await reads.periodBlocks(periods);
    return {
      campaign: {
        id: key,
        title: campaign.title,
        organisation: { id: campaign.orgId.toString(), name: organisation.name },
        currency: moneyUnit(campaign),
        closed: campaign.closedBlock !== null,
        target: campaign.target.toString(),
      },
      period: options.period,
      ...range,
      ...buildLedger({ sums, periods, blocks, held, agedAt: now }),
    };
  });
  return { ...result, asOfBlock };
}

function notFound(id: bigint): AppError {
  return new AppError(AppErrorCode.NotFound, `No campaign ${id} is in the ledger.`, { errors: [{ field: "id", reason: "unknown campaign" }] });
}
