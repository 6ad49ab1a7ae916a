import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { keccak256, Transaction, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import type { ChainReader } from "./raw-rpc.ts";

/**
 * Hardhat's local chain keeps no state across restarts, so the project keeps it: every block
 * (timestamp, signed transactions, hash) is appended to a journal, and a restarted node is
 * rebuilt by replaying it with the original timestamps and a pinned genesis time. The rebuilt
 * blocks hash exactly as before, which the replay checks block by block.
 */
export interface JournalBlock {
  number: number;
  hash: string;
  timestamp: number;
  txs: string[];
}

export function readJournal(file: string): JournalBlock[] {
  return readJournalWithTail(file).blocks;
}

export interface JournalRead {
  /** Blocks 0.. in order: the part of the journal that is one chain. */
  blocks: JournalBlock[];
  /** The byte length of those blocks' lines. */
  validBytes: number;
  size: number;
  /** Whole blocks after a gap or a repeat (a second run, a lost append): what a restart may re-send. */
  strays: JournalBlock[];
}

/** The journal's blocks, and the byte length of its whole lines (what follows is a line cut short by a crash). */
export function readJournalWithTail(file: string): JournalRead {
  if (!existsSync(file)) return { blocks: [], validBytes: 0, size: 0, strays: [] };
  const text = readFileSync(file, "utf8");
  const blocks: JournalBlock[] = [];
  let validBytes = 0;
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf("\n", at);
    if (end < 0) break; // no newline: the last append was cut short
    const line = text.slice(at, end);
    if (line.trim()) {
      let block: JournalBlock;
      try {
        block = JSON.parse(line) as JournalBlock;
      } catch {
        break; // a line cut short by a crash ends the journal
      }
      if (block.number !== blocks.length) break; // a gap or a repeat: what follows is not this chain's next block
      blocks.push(block);
    }
    at = end + 1;
    // Counted line by line: measuring the whole prefix again each time was quadratic in the journal.
    validBytes += Buffer.byteLength(line) + 1;
  }
  return { blocks, validBytes, size: Buffer.byteLength(text), strays: parseWholeLines(text.slice(at)) };
}

function parseWholeLines(text: string): JournalBlock[] {
  const strays: JournalBlock[] = [];
  for (const line of text.split("\n").slice(0, -1)) {
    try {
      const block = JSON.parse(line) as JournalBlock;
      if (Number.isInteger(block.number) && Array.isArray(block.txs)) strays.push(block);
    } catch {
      // a torn line: nothing in it can be trusted
    }
  }
  return strays;
}

export interface ReplayResult {
  replayed: number;
  /** The first block whose rebuilt hash differs, if any; the journal is trusted up to before it. */
  divergedAt?: number;
}

/** Blocks replayed per JSON-RPC batch: one request, handled by the node in order. */
const REPLAY_CHUNK = 200;

/** The calls that mine one journal block again: its timestamp, then its transactions in one block. */
function replayCalls(block: JournalBlock): [string, unknown[]][] {
  const time: [string, unknown[]] = ["evm_setNextBlockTimestamp", ["0x" + block.timestamp.toString(16)]];
  if (block.txs.length === 1) return [time, ["eth_sendRawTransaction", [block.txs[0]]]];
  return [time, ["evm_setAutomine", [false]], ...block.txs.map((raw): [string, unknown[]] => ["eth_sendRawTransaction", [raw]]), ["evm_mine", []], ["evm_setAutomine", [true]]];
}

/**
 * Replays journal blocks 1.. onto a fresh node whose genesis matches block 0 of the journal, in
 * batches of REPLAY_CHUNK blocks (a request a block cost most of the time in round trips), each
 * checked block by block against the journal's hashes. A batch that does not match is taken back
 * (evm_revert) and replayed one block at a time, to stop exactly at the first block that differs.
 */
export async function replayJournal(
  reader: Required<ChainReader>,
  blocks: JournalBlock[],
  logger: Logger,
  onProgress?: (replayed: number, total: number) => void,
): Promise<ReplayResult> {
  let replayed = 0;
  const total = blocks.length - 1;
  const hashesOf = (chunk: JournalBlock[]) => reader.batch(chunk.map((b): [string, unknown[]] => ["eth_getBlockByNumber", ["0x" + b.number.toString(16), false]]));
  for (let i = 1; i < blocks.length; i += REPLAY_CHUNK) {
    const chunk = blocks.slice(i, i + REPLAY_CHUNK);
    const snapshot = await reader.send("evm_snapshot", []);
    let matched = false;
    try {
      await reader.batch(chunk.flatMap(replayCalls));
      const rebuilt = (await hashesOf(chunk)) as ({ hash: string } | null)[];
      matched = chunk.every((b, k) => rebuilt[k]?.hash === b.hash);
    } catch (error) {
      logger.debug({ err: error, from: chunk[0]!.number }, "a replay batch failed; replaying it block by block");
    }
    if (matched) {
      replayed += chunk.length;
      onProgress?.(replayed, total);
      continue;
    }
    await reader.send("evm_revert", [snapshot]);
    for (const block of chunk) {
      await reader.batch(replayCalls(block)).catch(() => undefined);
      const [rebuilt] = (await hashesOf([block])) as ({ hash: string } | null)[];
      if (rebuilt?.hash !== block.hash) {
        logger.warn({ block: block.number }, "the rebuilt chain differs from the journal here; the indexer treats the rest as a reorganisation");
        return { replayed, divergedAt: block.number };
      }
      replayed++;
    }
    onProgress?.(replayed, total);
  }
  return { replayed };
}

/** Blocks read per JSON-RPC batch, and appended (and fsynced) at most at once. */
const READ_BLOCKS = 100;
const APPEND_BLOCKS = 1_000;

export interface JournalRecorder {
  stop(): Promise<void>;
  /** Why the journal is behind the node, while an append keeps failing (a full disk, an I/O error). */
  failing(): string | undefined;
}

/**
 * Follows the node and appends each new block to the journal, fsynced, in order. A block counts as
 * journaled only once its append is on disk: a failed append is tried again from the same block,
 * never skipped, and `failing()` says so meanwhile (the submitter sends nothing until it clears).
 * A line a crash cut short is cut off before the first append, so new lines never join it.
 */
export function recordJournal(
  options: {
    file: string;
    pollIntervalMs: number;
    logger: Logger;
  } & (
    | { provider: JsonRpcProvider }
    /** Raw JSON-RPC for reading blocks a hundred per request (ethers waits 10 ms before each request it sends alone). */
    | { reader: Pick<Required<ChainReader>, "batch"> }
  ),
): JournalRecorder {
  const { file, logger } = options;
  const reader: Pick<Required<ChainReader>, "batch"> =
    "reader" in options ? options.reader : { batch: (calls) => Promise.all(calls.map(([method, params]) => options.provider.send(method, params))) };
  const known = readJournalWithTail(file);
  if (known.validBytes < known.size) {
    // Kept aside, never just deleted: a person may want to see what a crash or a second run left.
    const aside = `${file}.tail-${Date.now()}`;
    writeFileSync(aside, readFileSync(file).subarray(known.validBytes));
    logger.warn({ file, kept: known.blocks.length, aside }, "the chain journal ended in a line cut short (or a gap or repeat); the rest is set aside");
    truncateSync(file, known.validBytes);
  }
  let next = known.blocks.length;
  let running = true;
  let failure: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function catchUp(): Promise<void> {
    const [head] = (await reader.batch([["eth_blockNumber", []]])) as string[];
    // A long backlog goes to disk in parts, each durable before the next is read.
    for (let from = next; from <= Number(head); from = next) await append(from, Math.min(Number(head), from + APPEND_BLOCKS - 1));
  }

  async function append(from: number, to: number): Promise<void> {
    const lines: string[] = [];
    for (let start = from; start <= to; start += READ_BLOCKS) {
      const numbers = Array.from({ length: Math.min(READ_BLOCKS, to - start + 1) }, (_, i) => start + i);
      const blocks = (await reader.batch(numbers.map((n): [string, unknown[]] => ["eth_getBlockByNumber", ["0x" + n.toString(16), true]]))) as Record<string, unknown>[];
      for (const [i, block] of blocks.entries()) {
        if (!block) throw new Error(`the node has no block ${numbers[i]} although its head is past it`);
        const txs = (block.transactions as Record<string, unknown>[]).map((t) => rawTransaction(t));
        lines.push(JSON.stringify({ number: numbers[i]!, hash: block.hash as string, timestamp: Number(block.timestamp), txs } satisfies JournalBlock));
      }
    }
    if (lines.length === 0) return;
    // Asynchronous, so the fsync waits on the thread pool and not on the event loop that answers requests.
    const handle = await open(file, "a");
    try {
      await handle.writeFile(lines.join("\n") + "\n");
      await handle.sync();
    } catch (error) {
      // Part of it may have reached the file: cut back to what was whole, so the retry starts clean.
      try {
        truncateSync(file, readJournalWithTail(file).validBytes);
      } catch {
        // the next start cuts it
      }
      throw error;
    } finally {
      await handle.close();
    }
    next += lines.length;
  }

  let loop = Promise.resolve();
  const tick = () => {
    loop = catchUp()
      .then(
        () => {
          if (failure) logger.info("the chain journal is writable again and has caught up");
          failure = undefined;
        },
        (error) => {
          failure = `the chain journal cannot be written (${(error as Error).message})`;
          logger.error({ err: error }, "chain journal could not catch up; no write is sent until it can");
        },
      )
      .finally(() => {
        if (running) timer = setTimeout(tick, options.pollIntervalMs);
      });
  };
  tick();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await loop;
      await catchUp().catch(() => {});
    },
    failing: () => failure,
  };
}

/** The signed transaction as it was sent, rebuilt from the node's answer and checked by its hash. */
function rawTransaction(t: Record<string, unknown>): string {
  const hex = (v: unknown) => (v === undefined || v === null ? undefined : BigInt(v as string));
  const tx = Transaction.from({
    type: Number(t.type),
    chainId: hex(t.chainId),
    nonce: Number(t.nonce),
    to: (t.to as string | null) ?? null,
    data: t.input as string,
    value: hex(t.value),
    gasLimit: hex(t.gas),
    ...(Number(t.type) >= 2
      ? { maxFeePerGas: hex(t.maxFeePerGas), maxPriorityFeePerGas: hex(t.maxPriorityFeePerGas) }
      : { gasPrice: hex(t.gasPrice) }),
    ...(t.accessList ? { accessList: t.accessList as never } : {}),
    signature: { r: t.r as string, s: t.s as string, yParity: yParityOf(t) },
  });
  // Serialised once: ethers serialises again for every getter (hash, serialized).
  const serialized = tx.serialized;
  if (keccak256(serialized) !== t.hash) throw new Error(`could not rebuild transaction ${String(t.hash)} for the chain journal`);
  return serialized;
}

// Typed transactions carry the parity itself (as yParity, or in v on some nodes); legacy ones
// fold it into v as 27/28 or, with EIP-155, chainId * 2 + 35/36.
function yParityOf(t: Record<string, unknown>): 0 | 1 {
  if (t.yParity !== undefined && t.yParity !== null) return Number(t.yParity) as 0 | 1;
  const v = Number(t.v);
  if (Number(t.type) > 0) return v as 0 | 1;
  return (v >= 35 ? (v - 35) % 2 : v - 27) as 0 | 1;
}
