import { encodeBytes32String } from "ethers";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { PURPOSES, type TRecordDisbursementRequest } from "../domain/schemas.ts";
import type { Db } from "../db/prisma.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";

/**
 * Accepts a disbursement into the outbox, refusing at once when the mirror plus the writes
 * still on their way (donations in, disbursements out) show the campaign cannot pay it.
 */
export async function recordDisbursement(options: {
  db: Db;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDisbursementRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  return acceptWrite({
    ...options,
    kind: "disbursement",
    campaignId: request.campaignId,
    request,
    async check(tx, campaign) {
      const [row] = await tx.$queryRaw<{ available: string }[]>`
        WITH mirrored AS (
          SELECT balance_after FROM (
            -- Every record carries the campaign's balance after it; the newest one is the balance.
            SELECT record_id, balance_after FROM donation WHERE campaign_id = ${campaign.id}
            UNION ALL SELECT record_id, balance_after FROM disbursement WHERE campaign_id = ${campaign.id}
            UNION ALL SELECT record_id, balance_after FROM refund WHERE campaign_id = ${campaign.id}
            UNION ALL SELECT record_id, balance_after FROM correction WHERE campaign_id = ${campaign.id}
            UNION ALL SELECT record_id, from_balance_after FROM "grant" WHERE from_campaign_id = ${campaign.id}
            UNION ALL SELECT record_id, to_balance_after FROM "grant" WHERE to_campaign_id = ${campaign.id}
          ) x ORDER BY record_id DESC LIMIT 1
        ), in_flight AS (
          -- Writes accepted but not yet in the mirror; the submitter sends them in order, so an
          -- earlier donation is on-chain before this disbursement.
          SELECT coalesce(sum(CASE o.kind WHEN 'donation' THEN 1 ELSE -1 END * (o.payload->>'amount')::numeric), 0) AS amount
          FROM outbox o
          LEFT JOIN donation dn ON o.kind = 'donation' AND dn.record_id = o.record_id
          LEFT JOIN disbursement ds ON o.kind = 'disbursement' AND ds.record_id = o.record_id
          WHERE o.campaign_id = ${campaign.id}
            AND (o.status IN ('pending', 'submitted')
                 OR (o.status = 'confirmed' AND dn.record_id IS NULL AND ds.record_id IS NULL))
        )
        SELECT ((SELECT coalesce(max(balance_after), 0) FROM mirrored) + (SELECT amount FROM in_flight))::text AS available`;
      const available = BigInt(row!.available);
      if (request.amount > available) {
        throw new AppError(
          AppErrorCode.InsufficientBalance,
          `Campaign ${campaign.id} can pay out at most ${available < 0n ? 0n : available} now; ${request.amount} was asked.`,
          { errors: [{ field: "amount", reason: "more than the campaign holds" }], extra: { available: String(available) } },
        );
      }
    },
    async build() {
      return {
        payload: {
          kind: "disbursement",
          campaignId: request.campaignId.toString(),
          amount: request.amount.toString(),
          purpose: PURPOSES.indexOf(request.purpose),
          recipientRef: encodeBytes32String(request.recipientRef),
          evidenceHash: request.evidenceSha256,
        },
      };
    },
  });
}
