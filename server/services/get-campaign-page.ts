import type { LedgerPageRows } from "../db/ledger-page-rows.ts";
import type { LedgerStore } from "../db/ledgers.ts";
import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import { getCampaignLedger, type CampaignLedger } from "./get-campaign-ledger.ts";
import { listLatestRecords, type LatestRecords } from "./list-latest-records.ts";
import type { PageDataCache } from "./page-data-cache.ts";

/** What the public campaign page shows: its ledger from the day it opened (without the periods), and its newest records. */
export interface CampaignPage extends LatestRecords {
  ledger: Omit<CampaignLedger, "periods">;
}

export interface CampaignPageStores {
  ledgers: LedgerStore;
  ledgerPageRows: LedgerPageRows;
  regulatorFlags: RegulatorFlagStore;
}

/**
 * A campaign's public page data: raised, spent by purpose, held and its age, progress to its
 * target, the newest disbursements and grants, and the flags. The ledger's sums cost more than a
 * page view should, so the assembled data is kept in `cache` for as long as the mirror stays at
 * the block it was read at. An unknown campaign is a NotFound AppError.
 */
export async function getCampaignPage(options: { stores: CampaignPageStores; campaignId: bigint; cache?: PageDataCache<CampaignPage>; now?: Date }): Promise<CampaignPage> {
  const { stores, cache } = options;
  const now = options.now ?? new Date();
  const key = `campaign:${options.campaignId}`;
  const block = cache ? await stores.ledgerPageRows.mirrorBlock() : undefined;
  return block !== undefined ? cache!.getOrLoad(key, block, now.getTime(), () => read(options, now)) : read(options, now);
}

async function read(options: { stores: CampaignPageStores; campaignId: bigint }, now: Date): Promise<CampaignPage> {
  const { stores } = options;
  // Years: the fewest periods, and the page shows none of them.
  const { periods: _, ...ledger } = await getCampaignLedger({ ledgers: stores.ledgers, campaignId: options.campaignId, period: "year", now });
  const latest = await listLatestRecords({
    rows: stores.ledgerPageRows,
    regulatorFlags: stores.regulatorFlags,
    orgId: BigInt(ledger.campaign.organisation.id),
    campaignIds: [options.campaignId],
  });
  return { ledger, ...latest };
}
