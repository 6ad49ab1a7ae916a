import { z } from "zod";
import type { DisclosureStore } from "../db/disclosures.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";

export interface DisclosureView {
  /** The period disclosed, inclusive, ISO 8601 (UTC). */
  coversFrom: string;
  coversTo: string;
  documentSha256: string;
  final: boolean;
  /** When it was published: its block's time. */
  publishedAt: string;
  /** The key that published it: an operator of the campaign's organisation. */
  authorisedBy: string;
  chain: { blockNumber: string; txHash: string; logIndex: number };
}

export interface CampaignDisclosures {
  campaign: { id: string; organisationId: string };
  disclosures: Page<DisclosureView>;
  asOfBlock: string | null;
}

const ZPosition = z.strictObject({ block: z.string().regex(/^\d{1,19}$/), log: z.int().min(0) });

/**
 * Public: a campaign's disclosures (信息公开), newest first, a page at a time, each with where it is
 * on the chain, so anyone can check it and fetch the document its hash names.
 */
export async function listDisclosures(options: { disclosures: DisclosureStore; campaignId: bigint; limit: number; cursor?: string }): Promise<CampaignDisclosures> {
  const before = options.cursor !== undefined ? decodeCursor(ZPosition, options.cursor) : undefined;
  const { result, asOfBlock } = await options.disclosures.page(
    options.campaignId,
    options.limit + 1,
    before ? { blockNumber: BigInt(before.block), logIndex: before.log } : undefined,
  );
  if (!result.campaign) {
    throw new AppError(AppErrorCode.NotFound, `No campaign ${options.campaignId} is in the ledger.`, { errors: [{ field: "id", reason: "unknown campaign" }] });
  }
  const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
  return {
    campaign: { id: options.campaignId.toString(), organisationId: result.campaign.orgId.toString() },
    disclosures: toPage(
      result.rows,
      options.limit,
      (r) => ({
        coversFrom: iso(r.coversFrom),
        coversTo: iso(r.coversTo),
        documentSha256: r.documentHash,
        final: r.final,
        publishedAt: iso(r.blockTime),
        authorisedBy: r.authorisedBy,
        chain: { blockNumber: r.blockNumber.toString(), txHash: r.txHash, logIndex: r.logIndex },
      }),
      (r) => ({ block: r.blockNumber.toString(), log: r.logIndex }),
    ),
    asOfBlock,
  };
}
