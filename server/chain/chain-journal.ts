import { appendFileSync, existsSync, openSync, closeSync, fsyncSync, readFileSync } from "node:fs";
import { Transaction, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";

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
  if (!existsSync(file)) return [];
  const blocks: JournalBlock[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      blocks.push(JSON.parse(line) as JournalBlock);
    } catch {
      break; // a line cut short by a crash ends the journal
    }
  }
  return blocks;
}

export interface ReplayResult {
  replayed: number;
  /** The first block whose rebuilt hash differs, if any; the journal is trusted up to before it. */
  divergedAt?: number;
}

/** Replays journal blocks 1.. onto a fresh node whose genesis matches block 0 of the journal. */
export async function replayJournal(provider: JsonRpcProvider, blocks: JournalBlock[], logger: Logger): Promise<ReplayResult> {
  let replayed = 0;
  for (const block of blocks.slice(1)) {
    await provider.send("evm_setNextBlockTimestamp", ["0x" + block.timestamp.toString(16)]);
    if (block.txs.length === 1) {
      await provider.send("eth_sendRawTransaction", [block.txs[0]]);
    } else {
      await provider.send("evm_setAutomine", [false]);
      try {
        for (const raw of block.txs) await provider.send("eth_sendRawTransaction", [raw]);
        await provider.send("evm_mine", []);
      } finally {
        await provider.send("evm_setAutomine", [true]);
      }
    }
    const rebuilt = await provider.send("eth_getBlockByNumber", ["0x" + block.number.toString(16), false]);
    if (rebuilt?.hash !== block.hash) {
      logger.warn({ block: block.number }, "the rebuilt chain differs from the journal here; the indexer treats the rest as a reorganisation");
      return { replayed, divergedAt: block.number };
    }
    replayed++;
  }
  return { replayed };
}

export interface JournalRecorder {
  stop(): Promise<void>;
}

/** Follows the node and appends each new block to the journal, fsynced, in order. */
export function recordJournal(options: { provider: JsonRpcProvider; file: string; pollIntervalMs: number; logger: Logger }): JournalRecorder {
  const { provider, file, logger } = options;
  const known = readJournal(file);
  let next = known.length;
  let running = true;
  let timer: NodeJS.Timeout | undefined;

  async function catchUp(): Promise<void> {
    const head = Number(await provider.send("eth_blockNumber", []));
    const lines: string[] = [];
    for (; next <= head; next++) {
      const block = await provider.send("eth_getBlockByNumber", ["0x" + next.toString(16), true]);
      const txs = (block.transactions as Record<string, unknown>[]).map((t) => rawTransaction(t));
      lines.push(JSON.stringify({ number: next, hash: block.hash, timestamp: Number(block.timestamp), txs } satisfies JournalBlock));
    }
    if (lines.length === 0) return;
    appendFileSync(file, lines.join("\n") + "\n");
    const fd = openSync(file, "r");
    fsyncSync(fd);
    closeSync(fd);
  }

  let loop = Promise.resolve();
  const tick = () => {
    loop = catchUp()
      .catch((error) => logger.warn({ err: error }, "chain journal could not catch up; will retry"))
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
  if (tx.hash !== t.hash) throw new Error(`could not rebuild transaction ${String(t.hash)} for the chain journal`);
  return tx.serialized;
}

// Typed transactions carry the parity itself (as yParity, or in v on some nodes); legacy ones
// fold it into v as 27/28 or, with EIP-155, chainId * 2 + 35/36.
function yParityOf(t: Record<string, unknown>): 0 | 1 {
  if (t.yParity !== undefined && t.yParity !== null) return Number(t.yParity) as 0 | 1;
  const v = Number(t.v);
  if (Number(t.type) > 0) return v as 0 | 1;
  return (v >= 35 ? (v - 35) % 2 : v - 27) as 0 | 1;
}
