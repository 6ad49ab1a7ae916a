import { getOrganisationLedger, type OrganisationLedger } from "./get-organisation-ledger.ts";
import type { CampaignPageStores } from "./get-campaign-page.ts";
import { listLatestRecords, type LatestRecords } from "./list-latest-records.ts";
import type { PageDataCache } from "./page-data-cache.ts";

/** An organisation's page lists this many of its campaigns; the ledger query pages through the rest. */
export const PAGE_CAMPAIGNS = 50;

/** What the public organisation page shows: its totals per currency, its first campaigns with theirs, and its newest records. */
export interface OrganisationPage extends LatestRecords {
  organisation: OrganisationLedger["organisation"];
  publicFundraising: OrganisationLedger["publicFundraising"];
  /** The first day of the ledger: the day the organisation was registered. */
  from: string;
  totals: Omit<OrganisationLedger["totals"][number], "periods">[];
  campaigns: { items: Omit<OrganisationLedger["campaigns"]["items"][number], "periods">[]; more: boolean };
  asOfBlock: string | null;
}

/**
 * An organisation's public page data, kept in `cache` while the mirror stays at the block it was
 * read at (as the campaign page's). An unknown organisation is a NotFound AppError.
 */
export async function getOrganisationPage(options: { stores: CampaignPageStores; orgId: bigint; cache?: PageDataCache<OrganisationPage>; now?: Date }): Promise<OrganisationPage> {
  const { stores, cache } = options;
  const now = options.now ?? new Date();
  const key = `organisation:${options.orgId}`;
  const block = cache ? await stores.ledgerPageRows.mirrorBlock() : undefined;
  return block !== undefined ? cache!.getOrLoad(key, block, now.getTime(), () => read(options, now)) : read(options, now);
}

async function read(options: { stores: CampaignPageStores; orgId: bigint }, now: Date): Promise<OrganisationPage> {
  const { stores } = options;
  const ledger = await getOrganisationLedger({ ledgers: stores.ledgers, orgId: options.orgId, period: "year", limit: PAGE_CAMPAIGNS, now });
  const latest = await listLatestRecords({
    rows: stores.ledgerPageRows,
    regulatorFlags: stores.regulatorFlags,
    orgId: options.orgId,
    campaignIds: ledger.campaigns.items.map((c) => BigInt(c.campaign.id)),
  });
  const page: OrganisationPage = {
    organisation: ledger.organisation,
    publicFundraising: ledger.publicFundraising,
    from: ledger.from,
    totals: ledger.totals.map(({ periods: _, ...t }) => t),
    campaigns: { items: ledger.campaigns.items.map(({ periods: _, ...c }) => c), more: ledger.campaigns.next !== null },
    asOfBlock: ledger.asOfBlock,
    ...latest,
  };
  return page;
}
