import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { Db } from "../db/prisma.ts";
import type { ContractRefusal } from "../chain/explain-revert.ts";
import type { OutboxPayload } from "../chain/encode-write.ts";
import type { WriteStatus } from "./accept-write.ts";
import { findWriteRecord } from "./find-write-record.ts";

export interface WriteStatusView {
  id: string;
  kind: OutboxPayload["kind"];
  status: WriteStatus;
  /** The record in the mirror, once it is there. */
  recordId: string | null;
  txHash: string | null;
  /** Why the ledger refused it, once failed. */
  error: ContractRefusal | null;
  createdAt: string;
  settledAt: string | null;
}

/** A write's progress to the chain; a charity sees only its own writes, a regulator all. */
export async function getWriteStatus(options: { db: Db; principal: Principal; id: bigint }): Promise<WriteStatusView> {
  const entry = await options.db.outboxEntry.findUnique({ where: { id: options.id } });
  const visible = entry && (options.principal.role === "regulator" || entry.clientId === options.principal.clientId);
  if (!entry || !visible) throw new AppError(AppErrorCode.NotFound, `No write ${options.id} for this client.`);
  const record = entry.status === "confirmed" ? await findWriteRecord(options.db, entry) : undefined;
  return {
    id: entry.id.toString(),
    kind: entry.kind as OutboxPayload["kind"],
    status: entry.status as WriteStatus,
    recordId: record?.recordId ?? null,
    txHash: entry.txHash,
    error: entry.error as ContractRefusal | null,
    createdAt: entry.createdAt.toISOString(),
    settledAt: entry.settledAt?.toISOString() ?? null,
  };
}
