import type { BlockSpan, Period, PeriodSpan, PlacedSum } from "../domain/ledger.ts";
import { readBlockDay, readHeldByAge, readPeriodBlocks, readPlacedSums, type SumsOf } from "./ledger-sums.ts";
import type { Db, Prisma } from "./prisma.ts";
import { readConsistent } from "./read-consistent.ts";

export type { SumsOf } from "./ledger-sums.ts";

/** A campaign as the ledgers name it. */
export interface LedgerCampaign {
  id: bigint;
  orgId: bigint;
  title: string;
  asset: number;
  currency: string;
  token: string | null;
  closedBlock: bigint | null;
  /** Fundraising target in minor units, 0 for none. */
  target: bigint;
  /** The block that opened it. */
  blockNumber: bigint;
}

export interface LedgerOrganisation {
  id: bigint;
  name: string;
  suspendedBlock: bigint | null;
  /** The block that registered it. */
  blockNumber: bigint;
}

/** An organisation's newest public-fundraising status change: its status now, and where it began. */
export interface PublicFundraisingChange {
  qualified: boolean;
  blockNumber: bigint;
  txHash: string;
  logIndex: number;
  blockTime: Date;
}

/** The reads of one ledger answer, all on the snapshot LedgerStore.inSnapshot holds. */
export interface LedgerReads {
  campaign(id: bigint): Promise<LedgerCampaign | undefined>;
  organisation(id: bigint): Promise<LedgerOrganisation | undefined>;
  /** The organisation's newest public-fundraising status change; undefined when none was ever recorded. */
  publicFundraising(orgId: bigint): Promise<PublicFundraisingChange | undefined>;
  /** Every campaign of the organisation: what its money is counted in. */
  campaignUnits(orgId: bigint): Promise<{ id: bigint; asset: number; currency: string; token: string | null }[]>;
  /** Up to `take` of the organisation's campaigns after id `after`, in id order. */
  campaignPage(orgId: bigint, after: bigint, take: number): Promise<LedgerCampaign[]>;
  /** The UTC day of a block the mirror holds. */
  blockDay(block: bigint): Promise<string | undefined>;
  placedSums(of: SumsOf, range: { from: string; to: string }, period: Period): Promise<Map<string, PlacedSum[]>>;
  heldByAge(of: SumsOf, now: Date): Promise<Map<string, { days: number; amount: bigint; lots: number }[]>>;
  periodBlocks(periods: PeriodSpan[]): Promise<Map<string, BlockSpan>>;
}

export interface LedgerStore {
  /**
   * Runs `read` on one snapshot of the mirror and says up to which block it is current, so every
   * figure of a ledger is as of that block even while the indexer writes. An error thrown in
   * `read` ends the snapshot and is thrown again.
   */
  inSnapshot<T>(read: (reads: LedgerReads) => Promise<T>): Promise<{ result: T; asOfBlock: string | null }>;
}

const CAMPAIGN = { id: true, orgId: true, title: true, asset: true, currency: true, token: true, closedBlock: true, target: true, blockNumber: true } as const;
const campaignOf = <C extends { target: { toFixed(digits: number): string } }>(c: C) => ({ ...c, target: BigInt(c.target.toFixed(0)) });

export function createLedgerStore(db: Db): LedgerStore {
  const readsOn = (tx: Prisma.TransactionClient): LedgerReads => ({
    async campaign(id) {
      const campaign = await tx.campaign.findUnique({ where: { id }, select: CAMPAIGN });
      return campaign ? campaignOf(campaign) : undefined;
    },
    async organisation(id) {
      return (await tx.organisation.findUnique({ where: { id }, select: { id: true, name: true, suspendedBlock: true, blockNumber: true } })) ?? undefined;
    },
    async publicFundraising(orgId) {
      const newest = await tx.publicFundraising.findFirst({
        where: { orgId },
        orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
        select: { qualified: true, blockNumber: true, txHash: true, logIndex: true, blockTime: true },
      });
      return newest ?? undefined;
    },
    campaignUnits: (orgId) => tx.campaign.findMany({ where: { orgId }, select: { id: true, asset: true, currency: true, token: true } }),
    campaignPage: async (orgId, after, take) => (await tx.campaign.findMany({ where: { orgId, id: { gt: after } }, orderBy: { id: "asc" }, take, select: CAMPAIGN })).map(campaignOf),
    blockDay: (block) => readBlockDay(tx, block),
    placedSums: (of, range, period) => readPlacedSums(tx, of, range, period),
    heldByAge: (of, now) => readHeldByAge(tx, of, now),
    periodBlocks: (periods) => readPeriodBlocks(tx, periods),
  });
  return {
    inSnapshot: (read) => readConsistent(db, (tx) => read(readsOn(tx))),
  };
}
