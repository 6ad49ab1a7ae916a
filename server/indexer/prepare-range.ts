import type { Interface } from "ethers";
import { decodeLedgerLogs, type RawLog } from "../chain/decode-events.ts";
import type { ChainReader } from "../chain/raw-rpc.ts";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import { fetchRange, type FetchedRange } from "./fetch-range.ts";

/** A range read from the node, proven one chain, and decoded: ready to be written. */
export interface PreparedRange {
  range: FetchedRange;
  events: LedgerEvent[];
  /** How long the node took to answer (what sizes the next range). */
  ms: number;
}

/** Logs decoded between two turns of the event loop, so nothing sharing this thread waits long. */
const DECODE_SLICE = 1_000;

export async function prepareRange(reader: ChainReader, abi: Interface, address: string, from: bigint, to: bigint): Promise<PreparedRange> {
  const started = performance.now();
  const range = await fetchRange(reader, address, from, to);
  const ms = performance.now() - started;
  return { range, events: await decodeYielding(abi, range.logs), ms };
}

async function decodeYielding(abi: Interface, logs: RawLog[]): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (let i = 0; i < logs.length; i += DECODE_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    events.push(...decodeLedgerLogs(abi, logs.slice(i, i + DECODE_SLICE)));
  }
  return events;
}
