import { EventEmitter } from "node:events";
import type { JsonRpcProvider } from "ethers";
import type pg from "pg";
import type { Logger } from "pino";
import type { Interface } from "ethers";
import { decodeLedgerLogs, type RawLog } from "../chain/decode-events.ts";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import { loadLedgerArtifact } from "../chain/ledger-artifact.ts";
import { checkChainIdentity } from "../chain/chain-identity.ts";
import { fetchHeader, type BlockHeader } from "../chain/headers.ts";
import type { ChainReader } from "../chain/raw-rpc.ts";
import { readCursor, type Cursor } from "../db/cursor.ts";
import { isFatal } from "./errors.ts";
import { fetchRange } from "./fetch-range.ts";
import { rollbackAbove, writeBatch } from "./write-batch.ts";

export interface IndexerOptions {
  pool: pg.Pool;
  provider: JsonRpcProvider;
  ledgerAddress: string;
  confirmations: number;
  pollIntervalMs: number;
  /** Reads logs and headers in bulk (a linear-time transport); the provider by default. */
  reader?: ChainReader;
  /** Blocks of the first eth_getLogs call; later ranges grow while answers stay small and fast. */
  batchBlocks?: number;
  /** Told after a reorganisation rolled the mirror back to `ancestor`, so writes mined above it are checked again. */
  onRollback?: (ancestor: bigint) => void;
  logger: Logger;
}

export interface IndexerStatus {
  running: boolean;
  indexedBlock: bigint | undefined;
  chainHead: bigint | undefined;
  error: string | undefined;
}

export interface Indexer {
  start(): void;
  stop(): Promise<void>;
  status(): IndexerStatus;
  /** Resolves once the mirror holds every block up to `block`. */
  waitForBlock(block: bigint, timeoutMs?: number): Promise<void>;
  /** Looks for new blocks now rather than at the next poll (new transactions were just sent). */
  poke(): void;
}

/**
 * Follows the chain head and mirrors the ledger's events into Postgres. Each step reads one
 * range, then writes its events with the cursor in one transaction. A reorganisation (the
 * cursor's block is no longer canonical) rolls the mirror back to the common ancestor first.
 */
const MAX_SPAN = 10_000n;
/** Logs decoded between two turns of the event loop, so HTTP answers are not kept waiting. */
const DECODE_SLICE = 1_000;
const GROW_BELOW_LOGS = 2_000;
const GROW_BELOW_MS = 1_000;
const SHRINK_ABOVE_LOGS = 8_000;
const SHRINK_ABOVE_MS = 4_000;

/** A node's refusal to answer so large a range (or a timeout): read a smaller one. */
function isTooLarge(error: unknown): boolean {
  const e = error as { name?: string; code?: number; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return true;
  if (e?.code === -32005) return true; // "limit exceeded" in geth, Erigon, Alchemy, Infura
  return /too many|limit exceeded|exceeds? (the )?(max|limit)|response (size|too large)|query returned more than/i.test(e?.message ?? "");
}

/** Decodes a range in slices, giving the event loop back between them (the API shares this thread). */
async function decodeYielding(abi: Interface, logs: RawLog[]): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (let i = 0; i < logs.length; i += DECODE_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    events.push(...decodeLedgerLogs(abi, logs.slice(i, i + DECODE_SLICE)));
  }
  return events;
}

export function createIndexer(options: IndexerOptions): Indexer {
  const { pool, provider, logger } = options;
  const abi = loadLedgerArtifact().abi;
  const reader: ChainReader = options.reader ?? provider;
  // Ranges are sized by what the node returns: they double while answers stay small and fast,
  // and halve on a slow or very large answer, or on a node's "too many results" refusal.
  let span = BigInt(options.batchBlocks ?? 100);
  const progress = new EventEmitter();
  progress.setMaxListeners(0);
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let indexedBlock: bigint | undefined;
  let chainHead: bigint | undefined;
  let lastError: string | undefined;
  let poked = false;

  async function step(cursor: Cursor): Promise<boolean> {
    const head = BigInt(await reader.send("eth_blockNumber", []));
    chainHead = head;
    const current = await fetchHeader(reader, cursor.blockNumber);
    if (!current || current.hash !== cursor.blockHash) {
      // A restarted or replaced chain also looks like this; it must never be "rolled back" into.
      await checkChainIdentity(provider, cursor, options.ledgerAddress);
      await rollBack(cursor);
      return true;
    }
    const target = head - BigInt(options.confirmations);
    if (target <= cursor.blockNumber) return false;
    const from = cursor.blockNumber + 1n;
    const to = target < from + span - 1n ? target : from + span - 1n;
    const started = performance.now();
    let range;
    try {
      range = await fetchRange(reader, options.ledgerAddress, from, to);
    } catch (error) {
      if (span > 1n && isTooLarge(error)) {
        span /= 2n;
        return true;
      }
      throw error;
    }
    const ms = performance.now() - started;
    if (range.logs.length < GROW_BELOW_LOGS && ms < GROW_BELOW_MS) span = span * 2n < MAX_SPAN ? span * 2n : MAX_SPAN;
    else if ((range.logs.length > SHRINK_ABOVE_LOGS || ms > SHRINK_ABOVE_MS) && span > 1n) span /= 2n;
    if (range.headers.get(from)!.parentHash !== cursor.blockHash) return true; // a reorg began; the next step sees it
    const events = await decodeYielding(abi, range.logs);
    await writeBatch(pool, { fromCursor: cursor.blockNumber, events, headers: range.headers, to: range.headers.get(to)! });
    if (events.length) logger.debug({ from, to, events: events.length }, "indexed");
    return to < target;
  }

  async function rollBack(cursor: Cursor): Promise<void> {
    const ancestor = await findCommonAncestor(cursor);
    logger.warn({ from: cursor.blockNumber, to: ancestor.number }, "chain reorganisation: rolling the mirror back");
    await rollbackAbove(pool, ancestor);
    options.onRollback?.(ancestor.number);
  }

  async function findCommonAncestor(cursor: Cursor): Promise<BlockHeader> {
    const { rows } = await pool.query<{ number: string; hash: string }>(
      `SELECT number, hash FROM chain_block WHERE number < $1 ORDER BY number DESC`,
      [cursor.blockNumber],
    );
    for (const row of rows) {
      const onChain = await fetchHeader(provider, BigInt(row.number));
      if (onChain && onChain.hash === row.hash) return onChain;
    }
    // No stored block survived: restart from just before the deployment.
    const base = await fetchHeader(provider, cursor.deployBlock - 1n);
    return base!;
  }

  async function run(): Promise<void> {
    let delay = options.pollIntervalMs;
    let identityChecked = false;
    while (running) {
      poked = false;
      try {
        const cursor = (await readCursor(pool))!;
        indexedBlock = cursor.blockNumber;
        if (!identityChecked) {
          await checkChainIdentity(provider, cursor, options.ledgerAddress);
          identityChecked = true;
        }
        const more = await step(cursor);
        const after = (await readCursor(pool))!;
        indexedBlock = after.blockNumber;
        progress.emit("block", after.blockNumber);
        lastError = undefined;
        delay = options.pollIntervalMs;
        if (more || poked) continue;
      } catch (error) {
        lastError = (error as Error).message;
        if (isFatal(error)) {
          logger.error({ err: error }, "indexer stopped");
          running = false;
          progress.emit("fatal", error);
          return;
        }
        logger.warn({ err: error, retryInMs: delay }, "indexer step failed; retrying");
        delay = Math.min(delay * 2, 10_000);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    status: () => ({ running, indexedBlock, chainHead, error: lastError }),
    poke: () => {
      poked = true;
      wake?.();
    },
    waitForBlock(block, timeoutMs = 30_000) {
      if (indexedBlock !== undefined && indexedBlock >= block) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`mirror did not reach block ${block} within ${timeoutMs} ms`)), timeoutMs);
        const onBlock = (n: bigint) => n >= block && done();
        const onFatal = (e: Error) => done(e);
        function done(error?: Error) {
          clearTimeout(timer);
          progress.off("block", onBlock);
          progress.off("fatal", onFatal);
          error ? reject(error) : resolve();
        }
        progress.on("block", onBlock);
        progress.on("fatal", onFatal);
        wake?.();
      });
    },
  };
}
