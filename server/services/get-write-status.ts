import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { writeKind, type WriteKindName } from "../domain/writes/registry.ts";
import type { OutboxStore, WriteEntry, WriteLanding } from "../db/outbox.ts";
import type { ContractRefusal } from "../chain/explain-revert.ts";
import type { WriteStatus } from "./accept-write.ts";

export interface WriteStatusView {
  id: string;
  kind: WriteKindName;
  status: WriteStatus;
  /** The record in the mirror, once it is there (a confirmation or a campaign change makes no record). */
  recordId: string | null;
  /** The mirrored event that proves the write landed, once it is there. */
  event: { name: string; blockNumber: string; txHash: string; logIndex: number; args: Record<string, string> } | null;
  txHash: string | null;
  /** Why the ledger refused it, once failed. */
  error: ContractRefusal | null;
  createdAt: string;
  settledAt: string | null;
}

/** A write's progress to the chain; a charity sees only its own writes, a regulator all. */
export async function getWriteStatus(options: { outbox: OutboxStore; principal: Principal; id: bigint }): Promise<WriteStatusView> {
  const entry = await options.outbox.read(options.id);
  const visible = entry && (options.principal.role === "regulator" || entry.clientId === options.principal.clientId);
  if (!entry || !visible) throw new AppError(AppErrorCode.NotFound, `No write ${options.id} for this client.`);
  const landing = await findLanding(options.outbox, entry);
  return {
    id: entry.id.toString(),
    kind: entry.kind as WriteKindName,
    status: entry.status,
    recordId: landing ? recordIdOf(landing) : null,
    event: landing
      ? { name: landing.event, blockNumber: landing.blockNumber.toString(), txHash: landing.txHash, logIndex: landing.logIndex, args: Object.fromEntries(Object.entries(landing.args).map(([k, v]) => [k, String(v)])) }
      : null,
    txHash: entry.txHash,
    error: entry.error as ContractRefusal | null,
    createdAt: entry.createdAt.toISOString(),
    settledAt: entry.settledAt?.toISOString() ?? null,
  };
}

/** Where a confirmed write landed, as the mirror shows it now; nothing before the mirror has it. */
export async function findLanding(outbox: OutboxStore, entry: Pick<WriteEntry, "id" | "kind" | "txHash" | "status">): Promise<WriteLanding | undefined> {
  return entry.status === "confirmed" ? outbox.landing(entry, writeKind(entry.kind).proof) : undefined;
}

export function recordIdOf(landing: WriteLanding): string | null {
  return landing.args.recordId === undefined ? null : String(landing.args.recordId);
}
