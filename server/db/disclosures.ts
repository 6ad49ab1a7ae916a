import type { Db } from "./prisma.ts";
import { readConsistent } from "./read-consistent.ts";

/** A disclosure as the mirror holds it. */
export interface DisclosureRow {
  coversFrom: Date;
  coversTo: Date;
  documentHash: string;
  final: boolean;
  authorisedBy: string;
  /** When it was published: its block's time. */
  blockTime: Date;
  blockNumber: bigint;
  txHash: string;
  logIndex: number;
}

export interface DisclosurePage {
  /** The campaign's organisation, or undefined when the mirror has no such campaign. */
  campaign: { orgId: bigint } | undefined;
  /** Up to `take` disclosures, newest first. */
  rows: DisclosureRow[];
}

export interface DisclosureStore {
  /**
   * A campaign's disclosures newest first, `take` of them from before chain position `before` (if
   * given), on one snapshot of the mirror with the block it is current to.
   */
  page(campaignId: bigint, take: number, before?: { blockNumber: bigint; logIndex: number }): Promise<{ result: DisclosurePage; asOfBlock: string | null }>;
}

export function createDisclosureStore(db: Db): DisclosureStore {
  return {
    page: (campaignId, take, before) =>
      readConsistent(db, async (tx) => {
        const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { orgId: true } });
        const rows = await tx.disclosure.findMany({
          where: {
            campaignId,
            ...(before ? { OR: [{ blockNumber: { lt: before.blockNumber } }, { blockNumber: before.blockNumber, logIndex: { lt: before.logIndex } }] } : {}),
          },
          orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
          take,
          select: { coversFrom: true, coversTo: true, documentHash: true, final: true, authorisedBy: true, blockTime: true, blockNumber: true, txHash: true, logIndex: true },
        });
        return { campaign: campaign ?? undefined, rows };
      }),
  };
}
