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
/**
 * The parts measured; BENCH_OPERATIONS_PARTS="hardhat,anvil,stop" (all of them) is the default.
 * `anvil` alone measures the state-saving chain without an hour of Hardhat replays first.
 */
const PARTS = new Set((process.env.BENCH_OPERATIONS_PARTS ?? "hardhat,anvil,stop").split(",").map((p) => p.trim()));

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
 * Restarts of the local chain at each size in SIZES (blocks of batched donations): Hardhat's own
 * mining speed (sent in JSON-RPC batches of 100, its fastest way to mine) and, in the same run, its
 * restart (a fresh node and the journal replayed); anvil fed one transaction per block, its save on
 * SIGTERM and its restart (its saved state loaded). Then `npm start` stopped with Ctrl-C while 32
 * clients write. BENCH_OPERATIONS_PARTS picks among the three.
 */
export const operations: BenchGroup = {
  name: "operations",
  summary: `${SIZES.map(label).join(" and ")} blocks of donations: mining vs journal replay, Hardhat and anvil restarts; stop under ${WRITERS} writers`,
  async run(progress) {
    progress.start((PARTS.has("hardhat") ? SIZES.length * 2 : 0) + (PARTS.has("anvil") ? SIZES.length * 2 : 0) + (PARTS.has("stop") ? 1 : 0));
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
     * A ledger with one organisation and campaign on the node at `url`, then `blocks` signed
     * recordDonations transactions of DONATIONS_PER_BLOCK donations each, in nonce order.
     */
    async function prepare(url: string, blocks: number): Promise<{ signed: string[]; sender: string; lastNonce: number }> {
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
      return { signed, sender: operator.address, lastNonce: nonce };
    }

    /**
     * Hardhat: the signed transactions in JSON-RPC batches of 100 under automine, which handles a
     * batch in order and mines each transaction in its own block; seconds until all are mined.
     */
    async function mineBatched(url: string, blocks: number): Promise<number> {
      const rpc = createRawRpc(url, { timeoutMs: 600_000 });
      const { signed, sender, lastNonce } = await prepare(url, blocks);
      const started = performance.now();
      for (let i = 0; i < blocks; i += 100) await rpc.batch(signed.slice(i, i + 100).map((s): [string, unknown[]] => ["eth_sendRawTransaction", [s]]));
      for (let i = 0; Number(BigInt(await rpc.send("eth_getTransactionCount", [sender, "latest"]))) < lastNonce; i++) {
        if (i > 6_000) throw new Error("the node did not mine every donation within 5 minutes");
        await new Promise((r) => setTimeout(r, 50));
      }
      return (performance.now() - started) / 1000;
    }

    /**
     * anvil: one transaction, then one `evm_mine`, awaited each, with automine off meanwhile (set
     * back on after). Under automine anvil mines whatever its pool holds when its miner wakes, so a
     * batch lands in blocks of 1 to 90 transactions, and it answers a batch's calls concurrently, so
     * a batch of send/mine pairs does not keep their order either. This way every block holds
     * exactly one transaction, as on Hardhat. Seconds taken by the sends and mines.
     */
    async function mineOneByOne(url: string, blocks: number): Promise<number> {
      const rpc = createRawRpc(url, { timeoutMs: 600_000 });
      const { signed, sender, lastNonce } = await prepare(url, blocks);
      const first = Number(BigInt(await rpc.send("eth_blockNumber", [])));
      await rpc.send("evm_setAutomine", [false]);
      const started = performance.now();
      try {
        for (const raw of signed) {
          await rpc.send("eth_sendRawTransaction", [raw]);
          await rpc.send("evm_mine", []);
        }
      } finally {
        await rpc.send("evm_setAutomine", [true]);
      }
      const seconds = (performance.now() - started) / 1000;
      const head = Number(BigInt(await rpc.send("eth_blockNumber", [])));
      const mined = Number(BigInt(await rpc.send("eth_getTransactionCount", [sender, "latest"])));
      if (head - first !== blocks || mined !== lastNonce) throw new Error(`anvil mined ${head - first} blocks and ${mined - (lastNonce - blocks)} transactions, not ${blocks} of each`);
      return seconds;
    }

    /**
     * anvil at `blocks` blocks: fed one transaction per block, stopped with SIGTERM (it saves its
     * state; the save is timed), started again from the same file and timed until it answers at
     * the same head block with the same hash.
     */
    async function anvilRestart(blocks: number): Promise<Figure[]> {
      const stateFile = path.join(dir, `anvil-state-${blocks}.json`);
      const anvil = await start({ kind: "anvil", port: 0, stateFile });
      const feedSeconds = await mineOneByOne(anvil.url, blocks);
      const rpc = createRawRpc(anvil.url);
      const head: { number: string; hash: string } = await rpc.send("eth_getBlockByNumber", ["latest", false]);
      const savingStarted = performance.now();
      await anvil.stop();
      const savingSeconds = (performance.now() - savingStarted) / 1000;
      const how = await anvil.exited;
      if (how === "SIGKILL") throw new Error(`anvil was killed after ${round(savingSeconds, 1)} s, still saving its state`);
      const megabytes = statSync(stateFile).size / 1e6;
      progress.tick(`anvil, ${label(blocks)} blocks: fed and saved`);

      const restartStarted = performance.now();
      const again = await start({ kind: "anvil", port: 0, stateFile });
      const againRpc = createRawRpc(again.url);
      let number = await againRpc.send("eth_blockNumber", []);
      for (let i = 0; number !== head.number; i++) {
        if (i > 600) throw new Error(`anvil came back at block ${Number(BigInt(number))}, not ${Number(BigInt(head.number))}`);
        await new Promise((r) => setTimeout(r, 50));
        number = await againRpc.send("eth_blockNumber", []);
      }
      const restartSeconds = (performance.now() - restartStarted) / 1000;
      const block: { hash: string } = await againRpc.send("eth_getBlockByNumber", [head.number, false]);
      await again.stop();
      rmSync(stateFile, { force: true });
      if (block.hash !== head.hash) throw new Error(`anvil came back with block ${Number(BigInt(head.number))} hashed ${block.hash}, not ${head.hash}`);
      progress.tick(`anvil, ${label(blocks)} blocks: restarted from its state`);
      const size = label(blocks);
      return [
        { name: `operations.feed.stateful.blocksPerSec_${size}`, value: round(blocks / feedSeconds), unit: `blocks/s (anvil, ${DONATIONS_PER_BLOCK} donations each, one send and one evm_mine per block)` },
        { name: `operations.stop.stateful.seconds_${size}`, value: round(savingSeconds, 1), unit: "s (anvil saving its state on SIGTERM; killed after 30 s)" },
        { name: `operations.state.stateful.megabytes_${size}`, value: round(megabytes), unit: "MB (anvil's state file)" },
        { name: `operations.restart.stateful.seconds_${size}`, value: round(restartSeconds, 1), unit: "s (anvil from its state until it answers at the same head; goal ≤ 15)" },
      ];
    }

    try {
      if (PARTS.has("hardhat")) {
        for (const blocks of SIZES) {
          // Hardhat: mine and journal, then a fresh node rebuilt from the journal.
          const journalFile = path.join(dir, `chain-journal-${blocks}.jsonl`);
          const node = await start({ port: 0 });
          const provider = await createProvider(node.url);
          const recorder = recordJournal({ reader: createRawRpc(node.url), file: journalFile, pollIntervalMs: 50, logger });
          const mineSeconds = await mineBatched(node.url, blocks);
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
      }

      // anvil at each size. A failure here is reported and the other figures still printed.
      if (PARTS.has("anvil")) {
        for (const blocks of SIZES) {
          try {
            figures.push(...(await anvilRestart(blocks)));
          } catch (error) {
            process.stderr.write(`operations: anvil at ${label(blocks)} blocks failed: ${(error as Error).message}\n`);
          }
        }
      }

      if (!PARTS.has("stop")) return figures;
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
