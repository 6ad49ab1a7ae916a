import { copyFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { keepRunning, type PartStatus } from "../keep-running.ts";
import { readJournal, readJournalWithTail, replayJournal, type JournalBlock, type JournalRecorder } from "./chain-journal.ts";
import { JournalRefusedError } from "./errors.ts";
import { fetchHeader } from "./headers.ts";
import { recordJournalInThread } from "./journal-thread.ts";
import { startLocalNode, type LocalNode } from "./local-node.ts";
import { createProvider } from "./provider.ts";
import { createRawRpc } from "./raw-rpc.ts";
import { restoreJournalStrays, type StrayTransaction } from "./restore-journal-strays.ts";

export interface LocalChain {
  url: string;
  /** Why nothing may be sent now: the node is restarting, or its journal cannot be written. */
  holdReason(): string | undefined;
  status(): PartStatus;
  /** Called each time the node came back after dying, rebuilt: what it lost must be sent again. */
  onRestarted(listener: () => void): void;
  stop(): Promise<void>;
}

export interface LocalChainOptions {
  kind: "hardhat" | "anvil";
  dataDir: string;
  /** Preferred port (0: any free one). A restart comes back on the port first taken. */
  port: number;
  pollIntervalMs: number;
  logger: Logger;
  onStep?: (step: string) => void;
  /** Told as the journal is replayed: blocks done of the total (for a progress bar). */
  onReplayProgress?: (done: number, total: number) => void;
  /** Of these transaction hashes, the ones the outbox will send again itself (its writes); none when absent. */
  resendable?: (hashes: string[]) => Promise<Set<string>>;
}

/**
 * The embedded chain: a node this process starts and keeps running. Hardhat's node keeps no state,
 * so each of its blocks is journaled and the node is rebuilt from the journal at every start, and
 * again whenever it dies; anvil keeps its own state file. Either comes back on the same port.
 */
export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const { kind, dataDir, logger } = options;
  const onStep = options.onStep ?? (() => {});
  const journaled = kind === "hardhat";
  const journalFile = path.join(dataDir, "chain-journal.jsonl");
  const listeners: (() => void)[] = [];
  let port = options.port;
  let restarting = false;
  let recorder: JournalRecorder | undefined;
  let provider: JsonRpcProvider | undefined;

  const boot = async (samePort: boolean): Promise<LocalNode> => {
    onStep(`starting the local chain (${kind})`);
    const journal = journaled ? readJournal(journalFile) : [];
    const node = await startLocalNode({
      kind,
      stateFile: path.join(dataDir, "anvil-state.json"),
      port,
      samePort,
      ...(journal[0] ? { genesisTime: journal[0].timestamp } : {}),
      pidFile: path.join(dataDir, "chain.pid"),
      log: (m) => logger.info(m),
    });
    port = node.port;
    return node;
  };

  // The journal is read again and replayed onto the fresh node, then followed from its end.
  const rebuild = async (node: LocalNode) => {
    provider ??= await createProvider(node.url);
    if (!journaled) return;
    await recorder?.stop();
    recorder = undefined;
    const read = readJournalWithTail(journalFile);
    const journal = read.blocks;
    onStep(`rebuilding the local chain from its journal (${journal.length} blocks)`);
    const divergedAt = await rebuildFromJournal(provider, node.url, journal, journalFile, logger, onStep, options.onReplayProgress);
    const kept = divergedAt ?? journal.length;
    // Blocks the replay could not place (after a gap, a repeat, or a block that hashes otherwise):
    // their transactions are sent again, or the start is refused before anything is changed.
    const strays = [...journal.slice(kept), ...read.strays];
    if (strays.length > 0) await restoreStrays(node.url, strays, kept - 1);
    if (divergedAt !== undefined) {
      copyFileSync(journalFile, `${journalFile}.diverged-${Date.now()}`);
      writeFileSync(journalFile, journal.slice(0, divergedAt).map((b) => JSON.stringify(b)).join("\n") + "\n");
    }
    recorder = recordJournalInThread({ url: node.url, file: journalFile, pollIntervalMs: options.pollIntervalMs, logLevel: logger.level }, logger);
  };

  async function restoreStrays(url: string, strays: JournalBlock[], lastKept: number): Promise<void> {
    const outcome = await restoreJournalStrays(createRawRpc(url), strays);
    const resendable = outcome.notRestored.length > 0 && options.resendable ? await options.resendable(outcome.notRestored.map((t) => t.hash)) : new Set<string>();
    const lost = outcome.notRestored.filter((t) => !resendable.has(t.hash));
    if (lost.length > 0) throw new JournalRefusedError(refusal(journalFile, lastKept, lost));
    logger.warn(
      { afterBlock: lastKept, restored: outcome.restored, alreadyThere: outcome.present, sentAgainByTheOutbox: resendable.size },
      "the chain journal had blocks out of order after this block (a gap or a repeat); their transactions were sent again, and the outbox sends its own writes again",
    );
  }

  let first = true;
  const kept = await keepRunning({
    name: `local chain node (${kind})`,
    start: async () => {
      const node = await boot(!first);
      first = false;
      return node;
    },
    onRestarted: async (node) => {
      restarting = true;
      try {
        await rebuild(node);
      } finally {
        restarting = false;
      }
      for (const listener of listeners) listener();
    },
    logger,
  });
  try {
    await rebuild(kept.current());
  } catch (error) {
    await kept.stop();
    throw error;
  }

  return {
    url: kept.current().url,
    holdReason: () => {
      if (restarting || kept.status().status === "restarting") return "the local chain node is restarting";
      return recorder?.failing();
    },
    status: () => kept.status(),
    onRestarted: (listener) => listeners.push(listener),
    async stop() {
      // The journal first, while the node still answers: its last catch-up appends the blocks mined
      // since its last poll (stopped after the node, it lost them and logged the refused connection).
      await recorder?.stop();
      recorder = undefined;
      await kept.stop().catch((error) => logger.warn({ err: error }, "while stopping the local chain"));
      provider?.destroy();
    },
  };
}

/**
 * Replays the journal of the previous run onto the fresh local node, so the ledger survives
 * restarts. A journal that belongs to another genesis is set aside, never replayed.
 */
async function rebuildFromJournal(
  provider: JsonRpcProvider,
  url: string,
  journal: JournalBlock[],
  file: string,
  logger: Logger,
  onStep: (step: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<number | undefined> {
  if (journal.length === 0) return undefined;
  const genesis = await fetchHeader(provider, 0n);
  if (genesis?.hash !== journal[0]!.hash) {
    const aside = `${file}.before-${Date.now()}`;
    renameSync(file, aside);
    logger.warn({ aside }, "the chain journal belongs to another genesis block; set aside, starting a new chain");
    return undefined;
  }
  const started = Date.now();
  let said = started;
  const reader = createRawRpc(url, { timeoutMs: 600_000 });
  onProgress?.(0, journal.length - 1);
  const result = await replayJournal(reader, journal, logger, (done, total) => {
    onProgress?.(done, total);
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const progress = `${done} of ${total} blocks, ${Math.round(rate)} blocks/s, about ${Math.ceil((total - done) / Math.max(rate, 1))} s left`;
    onStep(`rebuilding the local chain from its journal: ${progress}`);
    if (Date.now() - said > 2_000) {
      said = Date.now();
      logger.info(`rebuilding the local chain: ${progress}`);
    }
  });
  // Later blocks carry today's time again, not the replayed ones'. The node keeps its clock as an
  // offset set when a block is mined, so one empty block is mined now: setting only the next
  // timestamp would pin the clock to this moment until the first write, and run it behind after.
  const last = journal[result.replayed]!;
  await provider.send("evm_mine", ["0x" + Math.max(Math.floor(Date.now() / 1000), last.timestamp).toString(16)]);
  logger.info({ blocks: result.replayed, ms: Date.now() - started }, "local chain rebuilt from its journal");
  return result.divergedAt;
}

function refusal(file: string, lastKept: number, lost: StrayTransaction[]): string {
  const listed = lost
    .slice(0, 5)
    .map((t) => `    ${t.hash} (from ${t.from}, nonce ${t.nonce}, journal block ${t.block}): ${t.reason}`)
    .join("\n");
  return [
    `The local chain cannot be rebuilt past block ${lastKept}: its journal (${file}) goes on with blocks out of order`,
    `(a gap, a repeat or a block that no longer fits), and ${lost.length} of their transactions can neither be placed nor sent again,`,
    `nor are they writes the outbox sends again itself:`,
    listed + (lost.length > 5 ? `\n    … and ${lost.length - 5} more` : ""),
    `Nothing was changed. Ways out:`,
    `  - restore DATA_DIR from a backup taken before the fault (README: "Back up and restore"), or`,
    `  - accept the chain as it was up to block ${lastKept}, without the transactions listed, by keeping only that part of the journal:`,
    `      mv ${file} ${file}.faulty && head -n ${lastKept + 1} ${file}.faulty > ${file}`,
  ].join("\n");
}
