import { EventEmitter } from "node:events";
import type { JsonRpcProvider } from "ethers";
import type pg from "pg";
import type { Logger } from "pino";
import { loadLedgerArtifact } from "../chain/ledger-artifact.ts";
import { checkChainIdentity } from "../chain/chain-identity.ts";
import { fetchHeader, type BlockHeader } from "../chain/headers.ts";
import type { ChainReader } from "../chain/raw-rpc.ts";
import { readCursor, type Cursor } from "../db/cursor.ts";
import { createRangeSizer, RANGE_LIMITS } from "../chain/range-sizer.ts";
import { isFatal } from "./errors.ts";
import { prepareRange, type PreparedRange } from "./prepare-range.ts";
import { rollbackAbove, writeBatch } from "./write-batch.ts";
import { createAllocationState } from "./allocate-events.ts";

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
  /** The most blocks one range may grow to (10,000 unless set). */
  maxBatchBlocks?: number;
  /** Keep the allocation (lots and slices) with the events; on unless a measurement turns it off. */
  allocation?: boolean;
  /** Told after a reorganisation rolled the mirror back to `ancestor`, so writes mined above it are checked again. */
  onRollback?: (ancestor: bigint) => void;
  /** Told after each step: the block the mirror now holds, or the error that stopped the indexer for good. */
  onProgress?: (progress: { block: bigint } | { fatal: Error }) => void;
  logger: Logger;
}

export interface IndexerStatus {
  running: boolean;
  indexedBlock: bigint | undefined;
  chainHead: bigint | undefined;
  /** When the node last answered with its head (ms since the epoch). */
  headSeenAt: number | undefined;
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
 * While one range is written, the next is read and decoded (at most two ranges in memory), so
 * the node, the decoding and Postgres work at the same time.
 */
export function createIndexer(options: IndexerOptions): Indexer {
  const { pool, provider, logger } = options;
  const abi = loadLedgerArtifact().abi;
  const reader: ChainReader = options.reader ?? provider;
  const sizer = createRangeSizer(BigInt(options.batchBlocks ?? 100), {
    ...RANGE_LIMITS,
    ...(options.maxBatchBlocks ? { maxSpan: BigInt(options.maxBatchBlocks) } : {}),
  });
  let ahead: { from: bigint; to: bigint; work: Promise<PreparedRange> } | undefined;
  // The oldest open lots and the waiting grants, kept from one batch to the next (reset on a failed batch or a rollback).
  const allocationState = createAllocationState();
  const progress = new EventEmitter();
  progress.setMaxListeners(0);
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let indexedBlock: bigint | undefined;
  let chainHead: bigint | undefined;
  let headSeenAt: number | undefined;
  let lastError: string | undefined;
  let poked = false;

  async function step(cursor: Cursor): Promise<boolean> {
    const head = BigInt(await reader.send("eth_blockNumber", []));
    chainHead = head;
    headSeenAt = Date.now();
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
    let prepared: PreparedRange | undefined;
    if (ahead && ahead.from === from && ahead.to <= target) prepared = await ahead.work.catch(() => undefined);
    ahead = undefined;
    if (!prepared) {
      const to = target < from + sizer.span() - 1n ? target : from + sizer.span() - 1n;
      try {
        prepared = await prepareRange(reader, abi, options.ledgerAddress, from, to);
      } catch (error) {
        if (sizer.refused(error)) return true;
        throw error;
      }
    }
    const { range, events } = prepared;
    sizer.answered(range.logs.length, prepared.ms, range.to - range.from + 1n);
    if (range.headers.get(from)!.parentHash !== cursor.blockHash) return true; // a reorg began; the next step sees it
    if (range.to < target) {
      const next = range.to + 1n;
      const nextTo = target < next + sizer.span() - 1n ? target : next + sizer.span() - 1n;
      ahead = { from: next, to: nextTo, work: prepareRange(reader, abi, options.ledgerAddress, next, nextTo) };
      ahead.work.catch(() => {}); // a failed read-ahead is read again by the next step
    }
    await writeBatch(pool, { fromCursor: cursor.blockNumber, events, headers: range.headers, to: range.headers.get(range.to)!, allocation: options.allocation !== false, allocationState });
    if (events.length) logger.debug({ from, to: range.to, events: events.length }, "indexed");
    return range.to < target;
  }

  async function rollBack(cursor: Cursor): Promise<void> {
    const ancestor = await findCommonAncestor(cursor);
    logger.warn({ from: cursor.blockNumber, to: ancestor.number }, "chain reorganisation: rolling the mirror back");
    allocationState.reset();
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
        options.onProgress?.({ block: after.blockNumber });
        lastError = undefined;
        delay = options.pollIntervalMs;
        if (more || poked) continue;
      } catch (error) {
        lastError = (error as Error).message;
        if (isFatal(error)) {
          logger.error({ err: error }, "indexer stopped");
          running = false;
          progress.emit("fatal", error);
          options.onProgress?.({ fatal: error as Error });
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
      // Another writer may have moved the mirror while this one was stopped.
      allocationState.reset();
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    status: () => ({ running, indexedBlock, chainHead, headSeenAt, error: lastError }),
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
