import { z } from "zod";
import type { FlowRecordStore } from "../db/flow-records.ts";
import { parseFlowEdge } from "../domain/flow-edge.ts";
import { resolveRange } from "../domain/ledger.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";

export interface FlowRecord {
  recordId: string;
  blockNumber: string;
  txHash: string;
  logIndex: number;
  /** Minor units of the edge's currency. */
  amount: string;
  /** The block's time, ISO 8601. */
  time: string;
  /** A grant's answer so far. */
  status?: "acknowledged" | "in_transit";
}

export interface FlowRecords extends Page<FlowRecord> {
  from: string;
  to: string;
  kind: "donation" | "grant" | "disbursement";
}

const ZPosition = z.strictObject({ b: z.string().regex(/^\d{1,20}$/), l: z.int().min(0) });

/**
 * The records behind one edge of the flow graph over a range of days (UTC, as GET /api/v1/flows
 * counts them), in chain order, a page at a time: their amounts add up to the edge's (a grant's
 * two edges, acknowledged and in transit, together). Without `from`, from 1970; without `to`, today.
 */
export async function listFlowRecords(options: {
  flowRecords: FlowRecordStore;
  source: string;
  target: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
  now?: Date;
}): Promise<FlowRecords> {
  const edge = parseFlowEdge(options.source, options.target);
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const range = resolveRange(options, { from: "1970-01-01", to: today }, "year");
  const after = options.cursor !== undefined ? decodeCursor(ZPosition, options.cursor) : null;
  const rows = await options.flowRecords.list({ edge, ...range, after: after ? { block: after.b, log: after.l } : null, limit: options.limit + 1 });
  const page = toPage(
    rows,
    options.limit,
    (r): FlowRecord => ({
      recordId: r.record_id,
      blockNumber: r.block_number,
      txHash: r.tx_hash,
      logIndex: r.log_index,
      amount: r.amount,
      time: r.block_time.toISOString(),
      ...(r.status ? { status: r.status } : {}),
    }),
    (r) => ({ b: r.block_number, l: r.log_index }),
  );
  return { from: range.from, to: range.to, kind: edge.kind, ...page };
}
