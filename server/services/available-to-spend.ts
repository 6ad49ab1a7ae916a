import type { Prisma } from "../db/prisma.ts";

/**
 * What a campaign can still pay out: its balance in the mirror plus the writes accepted but not yet
 * in the mirror (donations in, disbursements out). Every write counts exactly once: a write whose
 * record is already mirrored is in the balance and not in flight, whatever its outbox status says,
 * because both are read in one statement (one snapshot). Called under the campaign's write lock.
 */
export async function availableToSpend(tx: Prisma.TransactionClient, campaignId: bigint): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ available: string }[]>`
    WITH latest AS (
      -- Every money event carries the campaign's balance after it; the newest one is the balance.
      (SELECT record_id, balance_after FROM donation WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, balance_after FROM disbursement WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, balance_after FROM refund WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, balance_after FROM correction WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, balance_after FROM correction_approval WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, from_balance_after FROM "grant" WHERE from_campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
      UNION ALL (SELECT record_id, balance_after FROM grant_settlement WHERE campaign_id = ${campaignId} ORDER BY record_id DESC LIMIT 1)
    ), cursor AS (
      SELECT block_number FROM indexer_cursor WHERE id = 1
    ), in_flight AS (
      SELECT coalesce(sum(CASE o.kind WHEN 'donation' THEN 1 ELSE -1 END * (o.payload->>'amount')::numeric), 0) AS amount
      FROM outbox o
      WHERE o.campaign_id = ${campaignId}
        AND (o.status IN ('pending', 'submitted')
             -- Confirmed in a block the mirror has not reached (or lost to a reorganisation since).
             OR (o.status = 'confirmed' AND o.block_number > (SELECT block_number FROM cursor)))
        AND NOT (o.kind = 'donation' AND EXISTS (SELECT 1 FROM donation d WHERE d.donor_commitment = o.donor_commitment AND d.campaign_id = o.campaign_id))
        AND NOT (o.kind = 'disbursement' AND EXISTS (SELECT 1 FROM disbursement d WHERE d.tx_hash = ANY (o.tx_hashes)))
    )
    SELECT ((SELECT coalesce((SELECT balance_after FROM latest ORDER BY record_id DESC LIMIT 1), 0))
            + (SELECT amount FROM in_flight))::text AS available`;
  return BigInt(row!.available);
}
