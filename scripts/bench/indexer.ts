import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Wallet } from "ethers";
import { withBenchSystem } from "./bench-system.ts";
import type { BenchGroup, Figure } from "./types.ts";

const EVENTS = Number(process.env.BENCH_INDEXER_EVENTS ?? 200_000);

/**
 * The mirror at scale: EVENTS donations recorded in batches of 100 on the local chain while the
 * indexer is stopped; then, in the same run, the node's raw eth_getLogs speed over ranges sized as
 * the indexer sizes them, a backfill of all of them by the indexer (the memory of its process, and
 * the p99 of /health and of a donor's trace against their idle p99 while it runs), and `verify`
 * over the same chain. The donations go to the partner's campaign, so the demo gift's trace reads
 * the same few rows throughout: what is measured is the indexer's effect on the API.
 */
export const indexer: BenchGroup = {
  name: "indexer",
  summary: `${EVENTS.toLocaleString("en")} events: node's raw getLogs speed, indexer backfill (speed, memory, API p99), verify`,
  async run(progress) {
    progress.start(6);
    return withBenchSystem(async ({ system, demo }) => {
      progress.tick("system started and seeded");
      const { createRawRpc } = await import("../../server/chain/raw-rpc.ts");
      const { verifyMirror } = await import("../../server/indexer/verify-mirror.ts");
      const { createRangeSizer } = await import("../../server/chain/range-sizer.ts");
      const rpc = createRawRpc(system.rpcUrl, { timeoutMs: 300_000 });
      const health = `${system.url}/health`;
      const trace = `${system.url}/api/v1/track/${demo.trackingCode}`;

      await system.indexer.stop();
      const firstBlock = BigInt(await rpc.send("eth_blockNumber", [])) + 1n;
      await recordElsewhere({
        rpcUrl: system.rpcUrl,
        privateKey: (demo.partner.ownKey as Wallet).privateKey,
        ledgerAddress: system.ledgerAddress,
        campaignId: demo.partner.campaignId.toString(),
        events: EVENTS,
      });
      const head = BigInt(await rpc.send("eth_blockNumber", []));
      progress.tick(`${EVENTS} events recorded`);

      // The node alone: logs read and parsed, nothing done with them, in ranges sized as the indexer sizes them.
      let rawEvents = 0;
      const sizer = createRangeSizer();
      const rawStarted = performance.now();
      for (let from = firstBlock; from <= head; ) {
        const to = from + sizer.span() - 1n < head ? from + sizer.span() - 1n : head;
        const started = performance.now();
        const logs = await rpc.send("eth_getLogs", [{ address: system.ledgerAddress, fromBlock: hex(from), toBlock: hex(to) }]);
        sizer.answered(logs.length, performance.now() - started, to - from + 1n);
        rawEvents += logs.length;
        from = to + 1n;
      }
      const rawPerSec = rawEvents / ((performance.now() - rawStarted) / 1000);
      progress.tick("raw getLogs");

      // The API's idle answer times, taken now: after the recording, whose garbage this process still
      // holds, so that idle and busy differ only by the backfill.
      await latencies([health, trace], 1_000); // warm-up, not counted
      const idle = await latencies([health, trace], 10_000);

      // The indexer (in its own process) catches up on all of it, while /health and a trace are asked continuously.
      const quarterBlock = firstBlock + (head - firstBlock) / 4n;
      let peakQuarter = 0;
      let peakAll = 0;
      const sampler = setInterval(() => {
        const rss = processRssMb(system.mirrorPid());
        peakAll = Math.max(peakAll, rss);
        if ((system.indexer.status().indexedBlock ?? 0n) <= quarterBlock) peakQuarter = Math.max(peakQuarter, rss);
      }, 100);
      const backfillStarted = performance.now();
      system.indexer.start();
      const busy = sampleLatencies([health, trace]);
      await system.indexer.waitForBlock(head, 3_600_000);
      const backfillSeconds = (performance.now() - backfillStarted) / 1000;
      const during = await busy.stop();
      clearInterval(sampler);
      progress.tick("backfill");

      // The server's own tail check re-reads the backfill once the indexer is at the head: let it
      // finish first, so the two checks do not share the cores and halve each other's speed.
      for (let i = 0; i < 36_000 && BigInt(system.verifier.status().verifiedBlock ?? 0) < head; i++) await new Promise((r) => setTimeout(r, 100));
      const verifyStarted = performance.now();
      const report = await verifyMirror({ databaseUrl: system.databaseUrl, provider: system.provider, reader: rpc });
      const verifySeconds = (performance.now() - verifyStarted) / 1000;
      process.stderr.write(`verify phases (ms): ${JSON.stringify(report.phasesMs)}\n`);
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
        { name: "indexer.backfill.apiP99Ratio", value: round(during[0]! / idle[0]!, 2), unit: `/health p99 busy ${round(during[0]!, 1)} / idle ${round(idle[0]!, 1)} ms` },
        { name: "indexer.backfill.traceP99Ratio", value: round(during[1]! / idle[1]!, 2), unit: `trace p99 busy ${round(during[1]!, 1)} / idle ${round(idle[1]!, 1)} ms` },
        { name: "indexer.verify.eventsPerSec", value: round(report.events / verifySeconds), unit: "events/s" },
      ] satisfies Figure[];
    });
  },
};

/** Runs record-donations-process.ts and waits for it to finish. */
function recordElsewhere(options: { rpcUrl: string; privateKey: string; ledgerAddress: string; campaignId: string; events: number }): Promise<void> {
  const script = fileURLToPath(new URL("./record-donations-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), script, JSON.stringify(options)], { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`recording donations failed (exit ${code})`))));
  });
}

/** The p99 (ms) of each URL, asked over and over for `ms` milliseconds. */
async function latencies(urls: string[], ms: number): Promise<number[]> {
  const sampler = sampleLatencies(urls);
  await new Promise((r) => setTimeout(r, ms));
  return sampler.stop();
}

/**
 * Asks each URL at a steady pace (every 25 ms, whether or not the last answer came: an open loop,
 * as people arrive) until stopped; each URL's p99 in ms. A steady pace measures how promptly the
 * API answers while the indexer works; a client asking as fast as answers come would measure
 * only how the two cores are shared.
 */
function sampleLatencies(urls: string[], everyMs = 25): { stop(): Promise<number[]> } {
  const samples = urls.map(() => [] as number[]);
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    urls.forEach((url, i) => {
      const started = performance.now();
      const request = fetch(url)
        .then(async (response) => {
          await response.arrayBuffer();
          if (!response.ok && response.status !== 503) throw new Error(`${url} answered ${response.status}`);
          samples[i]!.push(performance.now() - started);
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return samples.map((s) => percentile(s, 0.99));
    },
  };
}

/** Resident memory of a process in MB (Linux), 0 when it cannot be read. */
function processRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const hex = (n: bigint) => "0x" + n.toString(16);
