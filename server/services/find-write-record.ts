import type { Db } from "../db/prisma.ts";

export interface WriteRecord {
  recordId: string;
  blockNumber: bigint;
  txHash: string;
}

/**
 * The mirrored record of an accepted write, found in the mirror, never remembered from a receipt:
 * a donation by its donor commitment, a disbursement by its transaction and its place in the batch.
 * A reorganisation that moves or drops the record is therefore reflected at once.
 */
export async function findWriteRecord(
  db: Db,
  entry: { id: bigint; kind: string; donorCommitment: string | null; campaignId: bigint | null; txHash: string | null },
): Promise<WriteRecord | undefined> {
  if (entry.kind === "donation" && entry.donorCommitment && entry.campaignId !== null) {
    const d = await db.donation.findFirst({
      where: { donorCommitment: entry.donorCommitment, campaignId: entry.campaignId },
      orderBy: { recordId: "asc" },
    });
    return d ? { recordId: d.recordId.toFixed(), blockNumber: d.blockNumber, txHash: d.txHash } : undefined;
  }
  if (entry.kind === "disbursement" && entry.txHash) {
    // The writes of one transaction are its records in the same order.
    const rows = await db.$queryRaw<{ record_id: string; block_number: bigint; tx_hash: string }[]>`
      WITH writes AS (
        SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox WHERE tx_hash = ${entry.txHash} AND kind = 'disbursement'
      ), records AS (
        SELECT record_id, block_number, tx_hash, row_number() OVER (ORDER BY log_index) AS n FROM disbursement WHERE tx_hash = ${entry.txHash}
      )
      SELECT r.record_id::text, r.block_number, r.tx_hash FROM writes w JOIN records r USING (n) WHERE w.id = ${entry.id}`;
    const r = rows[0];
    return r ? { recordId: r.record_id, blockNumber: BigInt(r.block_number), txHash: r.tx_hash } : undefined;
  }
  if (entry.kind === "relay" && entry.txHash) {
    // A relayed write is one signed call: its first record is the one it made.
    const rows = await db.$queryRaw<{ record_id: string; block_number: bigint }[]>`
      SELECT (args->>'recordId') AS record_id, block_number FROM ledger_event
      WHERE tx_hash = ${entry.txHash} AND args ? 'recordId' ORDER BY log_index LIMIT 1`;
    const r = rows[0];
    return r ? { recordId: r.record_id, blockNumber: BigInt(r.block_number), txHash: entry.txHash } : undefined;
  }
  return undefined;
}
