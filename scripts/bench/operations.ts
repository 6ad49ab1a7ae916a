import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transaction, Wallet } from "ethers";
import pino from "pino";
import type { BenchGroup, Figure } from "./types.ts";

const BLOCKS = Number(process.env.BENCH_OPERATIONS_BLOCKS ?? 10_000);

/**
 * Restarts of the local chain at BLOCKS blocks (one transfer each, sent in JSON-RPC batches of 100,
 * the node's fastest way to mine): the node's own mining speed, then, in the same run, Hardhat's
 * restart (a fresh node and the journal replayed) and anvil's (its saved state loaded).
 * Not yet measured here: 100,000 blocks, and `stop.seconds` under 32 writing clients (the stop
 * test asserts the 10 s).
 */
export const operations: BenchGroup = {
  name: "operations",
  summary: `${BLOCKS.toLocaleString("en")} blocks: node's batched mining speed, Hardhat journal replay (ratio), anvil restart`,
  async run(progress) {
    progress.start(4);
    const { startLocalNode } = await import("../../server/chain/local-node.ts");
    const { createRawRpc } = await import("../../server/chain/raw-rpc.ts");
    const { createProvider } = await import("../../server/chain/provider.ts");
    const { readJournal, recordJournal, replayJournal } = await import("../../server/chain/chain-journal.ts");
    const { DEV_ROLES, devAccount } = await import("../../server/chain/dev-accounts.ts");
    const logger = pino({ level: "silent" });
    const dir = mkdtempSync(path.join(tmpdir(), "ledger-bench-ops-"));
    try {
      /** Mines BLOCKS blocks of one signed transfer each on the node at `url`; seconds taken by the sends alone. */
      async function mine(url: string): Promise<number> {
        const rpc = createRawRpc(url, { timeoutMs: 600_000 });
        const provider = await createProvider(url);
        const key = new Wallet(devAccount(DEV_ROLES.funder, provider).privateKey);
        provider.destroy();
        const chainId = BigInt(await rpc.send("eth_chainId", []));
        const fee = BigInt(await rpc.send("eth_gasPrice", [])) * 2n;
        let nonce = Number(BigInt(await rpc.send("eth_getTransactionCount", [key.address, "pending"])));
        const signed: string[] = [];
        for (let i = 0; i < BLOCKS; i++) {
          const tx = Transaction.from({ type: 2, chainId, nonce: nonce++, to: key.address, value: 1n, gasLimit: 21_000n, maxFeePerGas: fee, maxPriorityFeePerGas: 0n });
          signed.push(await key.signTransaction(tx));
        }
        const started = performance.now();
        for (let i = 0; i < BLOCKS; i += 100) await rpc.batch(signed.slice(i, i + 100).map((s): [string, unknown[]] => ["eth_sendRawTransaction", [s]]));
        return (performance.now() - started) / 1000;
      }

      // Hardhat: mine, journal, then a fresh node rebuilt from the journal.
      const journalFile = path.join(dir, "chain-journal.jsonl");
      const node = await startLocalNode({ port: 0 });
      const provider = await createProvider(node.url);
      const recorder = recordJournal({ provider, file: journalFile, pollIntervalMs: 50, logger });
      const mineSeconds = await mine(node.url);
      const head = Number(BigInt(await provider.send("eth_blockNumber", [])));
      while (readJournal(journalFile).length <= head) await new Promise((r) => setTimeout(r, 100));
      await recorder.stop();
      provider.destroy();
      await node.stop();
      progress.tick("hardhat: blocks mined and journaled");

      const journal = readJournal(journalFile);
      const restartStarted = performance.now();
      const fresh = await startLocalNode({ port: 0, genesisTime: journal[0]!.timestamp });
      const replayStarted = performance.now();
      const replayed = await replayJournal(createRawRpc(fresh.url, { timeoutMs: 600_000 }), journal, logger);
      const replaySeconds = (performance.now() - replayStarted) / 1000;
      const hardhatRestart = (performance.now() - restartStarted) / 1000;
      await fresh.stop();
      if (replayed.divergedAt !== undefined) throw new Error(`the replay diverged at block ${replayed.divergedAt}`);
      progress.tick("hardhat: restarted from the journal");

      // anvil: mine, stop (it saves its state), start again from the state.
      const stateFile = path.join(dir, "anvil-state.json");
      const anvil = await startLocalNode({ kind: "anvil", port: 0, stateFile });
      await mine(anvil.url);
      const anvilHead = await createRawRpc(anvil.url).send("eth_blockNumber", []);
      await anvil.stop();
      progress.tick("anvil: blocks mined and saved");
      const anvilStarted = performance.now();
      const again = await startLocalNode({ kind: "anvil", port: 0, stateFile });
      const anvilRestart = (performance.now() - anvilStarted) / 1000;
      const anvilAgain = await createRawRpc(again.url).send("eth_blockNumber", []);
      await again.stop();
      if (anvilAgain !== anvilHead) throw new Error(`anvil came back at block ${anvilAgain}, not ${anvilHead}`);
      progress.tick("anvil: restarted from its state");

      const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
      const mineRate = BLOCKS / mineSeconds;
      const replayRate = replayed.replayed / replaySeconds;
      return [
        { name: "operations.blocks", value: BLOCKS, unit: "blocks" },
        { name: "operations.mine.blocksPerSec", value: round(mineRate), unit: "blocks/s (batched sends)" },
        { name: "operations.replay.blocksPerSec", value: round(replayRate), unit: "blocks/s" },
        { name: "operations.restart.replay.ratio", value: round(replayRate / mineRate, 2), unit: "replay/mining (goal ≥ 0.8)" },
        { name: "operations.restart.hardhat.seconds", value: round(hardhatRestart, 1), unit: `s (node start + replay of ${BLOCKS} blocks)` },
        { name: "operations.restart.stateful.seconds", value: round(anvilRestart, 1), unit: `s (anvil from its state, ${BLOCKS} blocks; goal ≤ 15)` },
      ] satisfies Figure[];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
