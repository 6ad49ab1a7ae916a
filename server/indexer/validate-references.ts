import type pg from "pg";
import type { LedgerEvent } from "../domain/ledger-events.ts";

type Of<N extends LedgerEvent["name"]> = Extract<LedgerEvent, { name: N }>;

/**
 * The rules the contract leaves to the mirror because checking them on-chain would cost every
 * donation a storage write: what a refund, a correction or an auditor's confirmation refers to.
 * Applied in log order inside the range's transaction, from the mirror's own rows, so anyone
 * re-deriving the mirror from the chain flags exactly the same records. A flagged record stays in
 * the mirror (the chain holds it) and is shown in public; the allocation never lets it move
 * another donor's money.
 */
export async function validateReferences(client: pg.PoolClient, events: LedgerEvent[]): Promise<void> {
  for (const e of events) {
    if (e.name === "DonationRefunded") await checkRefund(client, e);
    else if (e.name === "RecordCorrected") await checkCorrection(client, e);
    else if (e.name === "DisbursementConfirmed") await checkConfirmation(client, e);
  }
}

async function checkRefund(client: pg.PoolClient, e: Of<"DonationRefunded">): Promise<void> {
  const { rows } = await client.query(
    `SELECT d.campaign_id, d.amount::text,
            (SELECT coalesce(sum(r.amount), 0) FROM refund r
              WHERE r.donation_id = d.record_id AND r.record_id < $2
                AND NOT EXISTS (SELECT 1 FROM record_flag f WHERE f.record_id = r.record_id))::text AS refunded,
            (SELECT coalesce(sum(-c.delta), 0) FROM correction c
              WHERE c.corrected_id = d.record_id AND c.delta < 0 AND c.record_id < $2
                AND NOT EXISTS (SELECT 1 FROM record_flag f WHERE f.record_id = c.record_id))::text AS corrected
     FROM donation d WHERE d.record_id = $1`,
    [e.donationId.toString(), e.recordId.toString()],
  );
  const d = rows[0];
  if (!d) return flag(client, e, e.recordId, "refund-not-a-donation", `Record ${e.donationId} is not a donation.`);
  if (BigInt(d.campaign_id) !== e.campaignId) {
    return flag(client, e, e.recordId, "refund-other-campaign", `Donation ${e.donationId} belongs to campaign ${d.campaign_id}, not ${e.campaignId}.`);
  }
  const left = BigInt(d.amount) - BigInt(d.refunded) - BigInt(d.corrected);
  if (e.amount > left) {
    return flag(client, e, e.recordId, "refund-exceeds-donation", `Refund of ${e.amount} exceeds the ${left < 0n ? 0n : left} donation ${e.donationId} still holds.`);
  }
}

async function checkCorrection(client: pg.PoolClient, e: Of<"RecordCorrected">): Promise<void> {
  const { rows } = await client.query(
    `SELECT campaign_id, amount::text FROM (
       SELECT campaign_id, amount FROM donation WHERE record_id = $1
       UNION ALL SELECT campaign_id, amount FROM disbursement WHERE record_id = $1
       UNION ALL SELECT campaign_id, amount FROM refund WHERE record_id = $1
       UNION ALL SELECT from_campaign_id, amount FROM "grant" WHERE record_id = $1
       UNION ALL SELECT to_campaign_id, amount FROM "grant" WHERE record_id = $1
       UNION ALL SELECT campaign_id, amount FROM grant_settlement WHERE record_id = $1
       UNION ALL SELECT campaign_id, abs(delta) FROM correction WHERE record_id = $1
       UNION ALL SELECT campaign_id, amount FROM correction_approval WHERE record_id = $1
     ) r WHERE campaign_id = $2`,
    [e.correctedId.toString(), e.campaignId],
  );
  const record = rows[0];
  if (!record) {
    return flag(client, e, e.recordId, "correction-other-campaign", `Record ${e.correctedId} is not a record of campaign ${e.campaignId}.`);
  }
  const size = e.delta < 0n ? -e.delta : e.delta;
  if (size > BigInt(record.amount)) {
    return flag(client, e, e.recordId, "correction-exceeds-record", `A correction of ${e.delta} is larger than record ${e.correctedId} (${record.amount}).`);
  }
}

async function checkConfirmation(client: pg.PoolClient, e: Of<"DisbursementConfirmed">): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM disbursement WHERE record_id = $1`, [e.disbursementId.toString()]);
  if (!rowCount) {
    return flag(client, e, e.disbursementId, "confirmation-not-disbursement", `Record ${e.disbursementId} is not a disbursement; nothing was delivered to confirm.`);
  }
}

async function flag(client: pg.PoolClient, e: LedgerEvent, recordId: bigint, rule: string, detail: string): Promise<void> {
  await client.query(
    `INSERT INTO record_flag (block_number, log_index, tx_hash, record_id, rule, detail) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [e.blockNumber, e.logIndex, e.txHash, recordId.toString(), rule, detail],
  );
}
