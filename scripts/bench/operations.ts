import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Transaction, Wallet } from "ethers";
import pino from "pino";
import { measureStop } from "./stop-under-load.ts";
import type { BenchGroup, Figure } from "./types.ts";

/** The chain sizes restarts are measured at; BENCH_OPERATIONS_BLOCKS="10000,100000" is the default. */
const SIZES = (process.env.BENCH_OPERATIONS_BLOCKS ?? "10000,100000").split(",").map(Number);
/**
 * Donations per block (one recordDonations transaction each). Small, so that 100,000 blocks stay
 * within what Hardhat's node holds in memory (it keeps every block; about 4 GB at a million donations).
 */
const DONATIONS_PER_BLOCK = 2;
const WRITERS = 32;

/** The number of the journal's last whole line, read from its end only. */
function lastJournalBlock(file: string): number {
  if (!existsSync(file)) return -1;
  const size = statSync(file).size;
  const fd = openSync(file, "r");
  try {
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const lines = tail.toString("utf8").split("\n").filter(Boolean);
    const last = lines.at(-1);
    return last ? (JSON.parse(last) as { number: number }).number : -1;
  } catch {
    return -1; // a line being written
  } finally {
    closeSync(fd);
  }
}

const label = (blocks: number) => (blocks % 1000 === 0 ? `${blocks / 1000}k` : String(blocks));

/**
 * Restarts of the local chain at each size in SIZES (blocks of batched donations, sent in JSON-RPC
 * batches of 100, the node's fastest way to mine): the node's own mining speed, then, in the same
 * run, Hardhat's restart (a fresh node and the journal replayed) and, at the largest size, anvil's
 * (its saved state loaded). Then `npm start` stopped with Ctrl-C while 32 clients write.
 */
export const operations: BenchGroup = {
  name: "operations",
  summary: `${SIZES.map(label).join(" and ")} blocks of donations: mining vs journal replay, Hardhat and anvil restarts; stop under ${WRITERS} writers`,
  async run(progress) {
    progress.start(SIZES.length * 2 + 3);
    const { startLocalNode } = await import("../../server/chain/local-node.ts");
    const { createRawRpc } = await import("../../server/chain/raw-rpc.ts");
    const { createProvider } = await import("../../server/chain/provider.ts");
    const { readJournal, recordJournal, replayJournal } = await import("../../server/chain/chain-journal.ts");
    const { DEV_ROLES, devAccount } = await import("../../server/chain/dev-accounts.ts");
    const { ensureLedger } = await import("../../server/chain/ensure-ledger.ts");
    const { ledgerAdmin } = await import("../../server/chain/ledger-admin.ts");
    const { loadLedgerArtifact } = await import("../../server/chain/ledger-artifact.ts");
    const logger = pino({ level: "silent" });
    const abi = loadLedgerArtifact().abi;
    const dir = mkdtempSync(path.join(tmpdir(), "ledger-bench-ops-"));
    // The embedded Postgres runs as its own user and must reach its data folder.
    chmodSync(dir, 0o755);
    const figures: Figure[] = [];
    // Every node started is stopped at the end, whatever failed.
    const nodes: { stop(): Promise<void> }[] = [];
    const start = async (options: Parameters<typeof startLocalNode>[0]) => {
      const node = await startLocalNode(options);
      nodes.push(node);
      return node;
    };
    const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

    /**
     * A ledger with one organisation and campaign on the node at `url`, then `blocks` blocks of
     * DONATIONS_PER_BLOCK donations each; seconds taken by the donations' sends alone.
     */
    async function mine(url: string, blocks: number): Promise<number> {
      const rpc = createRawRpc(url, { timeoutMs: 600_000 });
      const provider = await createProvider(url);
      const key = (role: keyof typeof DEV_ROLES) => new Wallet(devAccount(DEV_ROLES[role], provider).privateKey, provider);
      const registrar = key("registrar");
      const operator = key("foundationOwnKey");
      const ledger = await ensureLedger({ provider, deployer: key("admin"), registrar: registrar.address, logger });
      const { id: orgId } = await ledgerAdmin(ledger.address, registrar).registerOrganisation({ kind: 1, registrationNumber: "BENCH-OPERATIONS", name: "Bench" });
      await ledgerAdmin(ledger.address, registrar).addOperator(orgId, operator.address);
      const { id: campaignId } = await ledgerAdmin(ledger.address, operator).openCampaign({ orgId, currency: "CNY", target: 0n, title: "Bench" });
      provider.destroy();

      const chainId = BigInt(await rpc.send("eth_chainId", []));
      const fee = BigInt(await rpc.send("eth_gasPrice", [])) * 2n;
      let nonce = Number(BigInt(await rpc.send("eth_getTransactionCount", [operator.address, "pending"])));
      const signed: string[] = [];
      for (let i = 0; i < blocks; i++) {
        const donations = Array.from({ length: DONATIONS_PER_BLOCK }, () => ({ campaignId, amount: 100n, channel: 1, donorCommitment: "0x" + randomBytes(32).toString("hex") }));
        const tx = Transaction.from({
          type: 2,
          chainId,
          nonce: nonce++,
          to: ledger.address,
          data: abi.encodeFunctionData("recordDonations", [donations]),
          gasLimit: 300_000n,
          maxFeePerGas: fee,
          maxPriorityFeePerGas: 0n,
        });
        signed.push(await operator.signTransaction(tx));
      }
      const started = performance.now();
      for (let i = 0; i < blocks; i += 100) await rpc.batch(signed.slice(i, i + 100).map((s): [string, unknown[]] => ["eth_sendRawTransaction", [s]]));
      for (let i = 0; Number(BigInt(await rpc.send("eth_getTransactionCount", [operator.address, "latest"]))) < nonce; i++) {
        if (i > 6_000) throw new Error("the node did not mine every donation within 5 minutes");
        await new Promise((r) => setTimeout(r, 50));
      }
      return (performance.now() - started) / 1000;
    }

    try {
      for (const blocks of SIZES) {
        // Hardhat: mine and journal, then a fresh node rebuilt from the journal.
        const journalFile = path.join(dir, `chain-journal-${blocks}.jsonl`);
        const node = await start({ port: 0 });
        const provider = await createProvider(node.url);
        const recorder = recordJournal({ provider, reader: createRawRpc(node.url), file: journalFile, pollIntervalMs: 50, logger });
        const mineSeconds = await mine(node.url, blocks);
        const head = Number(BigInt(await provider.send("eth_blockNumber", [])));
        // Done when the journal's last line is the head's block (read from the end: the file is large).
        while (lastJournalBlock(journalFile) < head) await new Promise((r) => setTimeout(r, 200));
        await recorder.stop();
        provider.destroy();
        await node.stop();
        progress.tick(`hardhat, ${label(blocks)} blocks: mined and journaled`);

        // A restart reads the journal, starts a fresh node and replays: all of it is timed.
        const restartStarted = performance.now();
        const journal = readJournal(journalFile);
        const fresh = await start({ port: 0, genesisTime: journal[0]!.timestamp });
        const replayStarted = performance.now();
        const replayed = await replayJournal(createRawRpc(fresh.url, { timeoutMs: 600_000 }), journal, logger);
        const replaySeconds = (performance.now() - replayStarted) / 1000;
        const restartSeconds = (performance.now() - restartStarted) / 1000;
        await fresh.stop();
        rmSync(journalFile, { force: true });
        if (replayed.divergedAt !== undefined) throw new Error(`the replay diverged at block ${replayed.divergedAt}`);
        progress.tick(`hardhat, ${label(blocks)} blocks: restarted from the journal`);

        const mineRate = blocks / mineSeconds;
        const replayRate = replayed.replayed / replaySeconds;
        const size = label(blocks);
        figures.push(
          { name: `operations.mine.blocksPerSec_${size}`, value: round(mineRate), unit: `blocks/s (${DONATIONS_PER_BLOCK} donations each, batched sends)` },
          { name: `operations.replay.blocksPerSec_${size}`, value: round(replayRate), unit: "blocks/s" },
          { name: `operations.restart.replay.ratio_${size}`, value: round(replayRate / mineRate, 2), unit: "replay/mining, same run (goal ≥ 0.8)" },
          { name: `operations.restart.hardhat.seconds_${size}`, value: round(restartSeconds, 1), unit: "s (node start + replay)" },
        );
      }
      const largest = Math.max(...SIZES);
      const ratio = figures.find((f) => f.name === `operations.restart.replay.ratio_${label(largest)}`)!;
      figures.push({ name: "operations.restart.replay.ratio", value: ratio.value, unit: `at ${label(largest)} blocks (goal ≥ 0.8)` });

      // anvil at the largest size: mine, stop (it saves its state), start again from the state. A
      // failure here is reported and the other figures still printed.
      try {
        const stateFile = path.join(dir, "anvil-state.json");
        const anvil = await start({ kind: "anvil", port: 0, stateFile });
        await mine(anvil.url, largest);
        const anvilHead = await createRawRpc(anvil.url).send("eth_blockNumber", []);
        const savingStarted = performance.now();
        await anvil.stop();
        const savingSeconds = (performance.now() - savingStarted) / 1000;
        progress.tick(`anvil, ${label(largest)} blocks: mined and saved`);
        const anvilStarted = performance.now();
        const again = await start({ kind: "anvil", port: 0, stateFile });
        const anvilRestart = (performance.now() - anvilStarted) / 1000;
        const anvilAgain = await createRawRpc(again.url).send("eth_blockNumber", []);
        await again.stop();
        if (anvilAgain !== anvilHead) throw new Error(`anvil came back at block ${anvilAgain}, not ${anvilHead}`);
        progress.tick(`anvil, ${label(largest)} blocks: restarted from its state`);
        figures.push(
          { name: `operations.restart.stateful.seconds_${label(largest)}`, value: round(anvilRestart, 1), unit: "s (anvil from its state; goal ≤ 15)" },
          { name: `operations.stop.stateful.seconds_${label(largest)}`, value: round(savingSeconds, 1), unit: "s (anvil saving its state on SIGTERM; killed after 30 s)" },
        );
      } catch (error) {
        process.stderr.write(`operations: anvil at ${label(largest)} blocks failed: ${(error as Error).message}\n`);
      }

      const stop = await measureStop({ dataDir: path.join(dir, "stop"), writers: WRITERS });
      progress.tick(`npm start stopped with ${WRITERS} writers`);
      figures.push(
        { name: "operations.stop.seconds", value: round(stop.seconds, 1), unit: `s from Ctrl-C to exit, ${WRITERS} clients writing (goal ≤ 10)` },
        { name: "operations.stop.acknowledgedLost", value: stop.lost, unit: `of ${stop.acknowledged} acknowledged writes, missing after a restart (goal 0)` },
      );
      return figures;
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
