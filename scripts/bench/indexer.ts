import type { Wallet } from "ethers";
import { withBenchSystem } from "./bench-system.ts";
import { recordDonations } from "./record-donations.ts";
import type { BenchGroup, Figure } from "./types.ts";

const EVENTS = Number(process.env.BENCH_INDEXER_EVENTS ?? 200_000);
/** Blocks per raw read when measuring the node alone: one transaction (100 events) per block. */
const RAW_RANGE_BLOCKS = 200n;

/**
 * The mirror at scale: EVENTS donations recorded in batches of 100 on the local chain while the
 * indexer is stopped; then, in the same run, the node's raw eth_getLogs speed, a backfill of all of
 * them by the indexer (peak memory, and /health's p99 against its idle p99 while it runs), and
 * `verify` over the same chain.
 */
export const indexer: BenchGroup = {
  name: "indexer",
  summary: `${EVENTS.toLocaleString("en")} events: node's raw getLogs speed, indexer backfill (speed, memory, API p99), verify`,
  async run(progress) {
    progress.start(6);
    return withBenchSystem(async ({ system, demo }) => {
      progress.tick("system started and seeded");
      const { createRawRpc } = await import("../../server/chain/raw-rpc.ts");
      const { loadLedgerArtifact } = await import("../../server/chain/ledger-artifact.ts");
      const { verifyMirror } = await import("../../server/indexer/verify-mirror.ts");
      const rpc = createRawRpc(system.rpcUrl, { timeoutMs: 300_000 });
      const idleP99 = await healthP99(system.url, 2_000);

      await system.indexer.stop();
      const firstBlock = BigInt(await rpc.send("eth_blockNumber", [])) + 1n;
      await recordDonations({ rpc, signer: demo.foundation.ownKey as Wallet, ledgerAddress: system.ledgerAddress, campaignId: demo.foundation.campaignId, abi: loadLedgerArtifact().abi, events: EVENTS });
      const head = BigInt(await rpc.send("eth_blockNumber", []));
      progress.tick(`${EVENTS} events recorded`);

      // The node alone: logs read and parsed, nothing done with them.
      let rawEvents = 0;
      const rawStarted = performance.now();
      for (let from = firstBlock; from <= head; from += RAW_RANGE_BLOCKS) {
        const to = from + RAW_RANGE_BLOCKS - 1n < head ? from + RAW_RANGE_BLOCKS - 1n : head;
        const logs = await rpc.send("eth_getLogs", [{ address: system.ledgerAddress, fromBlock: hex(from), toBlock: hex(to) }]);
        rawEvents += logs.length;
      }
      const rawPerSec = rawEvents / ((performance.now() - rawStarted) / 1000);
      progress.tick("raw getLogs");

      // The indexer catches up on all of it, while /health is asked continuously.
      const quarterBlock = firstBlock + (head - firstBlock) / 4n;
      let peakQuarter = 0;
      let peakAll = 0;
      const sampler = setInterval(() => {
        const rss = process.memoryUsage().rss / 1_048_576;
        peakAll = Math.max(peakAll, rss);
        if ((system.indexer.status().indexedBlock ?? 0n) <= quarterBlock) peakQuarter = Math.max(peakQuarter, rss);
      }, 100);
      const backfillStarted = performance.now();
      system.indexer.start();
      const busy = healthLatencies(system.url);
      await system.indexer.waitForBlock(head, 3_600_000);
      const backfillSeconds = (performance.now() - backfillStarted) / 1000;
      const busyP99 = percentile(await busy.stop(), 0.99);
      clearInterval(sampler);
      progress.tick("backfill");

      const verifyStarted = performance.now();
      const report = await verifyMirror({ databaseUrl: system.databaseUrl, provider: system.provider, reader: rpc });
      const verifySeconds = (performance.now() - verifyStarted) / 1000;
      if (report.differences.length) throw new Error(`verify found ${report.differences.length} differences after the backfill`);
      progress.tick("verify");

      const backfillPerSec = EVENTS / backfillSeconds;
      const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
      progress.tick("done");
      return [
        { name: "indexer.events", value: EVENTS, unit: "events" },
        { name: "indexer.getLogs.eventsPerSec", value: round(rawPerSec), unit: "events/s" },
        { name: "indexer.backfill.eventsPerSec", value: round(backfillPerSec), unit: "events/s" },
        { name: "indexer.backfill.ratio", value: round(backfillPerSec / rawPerSec, 3), unit: "backfill/getLogs" },
        { name: "indexer.backfill.peakRssMb.quarter", value: round(peakQuarter), unit: "MB" },
        { name: "indexer.backfill.peakRssMb.all", value: round(peakAll), unit: "MB" },
        { name: "indexer.backfill.apiP99Ratio", value: round(busyP99 / idleP99, 2), unit: `busy ${round(busyP99, 1)} / idle ${round(idleP99, 1)} ms` },
        { name: "indexer.verify.eventsPerSec", value: round(report.events / verifySeconds), unit: "events/s" },
      ] satisfies Figure[];
    });
  },
};

async function healthP99(url: string, ms: number): Promise<number> {
  const sampler = healthLatencies(url);
  await new Promise((r) => setTimeout(r, ms));
  return percentile(await sampler.stop(), 0.99);
}

/** Asks /health over and over (four at a time) until stopped; the answer times in ms. */
function healthLatencies(url: string): { stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const workers = Array.from({ length: 4 }, async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${url}/health`)).arrayBuffer();
      samples.push(performance.now() - started);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return samples;
    },
  };
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const hex = (n: bigint) => "0x" + n.toString(16);
