import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Contract } from "ethers";
import pino from "pino";
import { withBenchSystem, type BenchSystem } from "./bench-system.ts";
import { httpLoad } from "./http-load.ts";
import type { Counters, HistoryShape, SeededHistory } from "./seed-history.ts";
import type { BenchGroup, Figure } from "./types.ts";

/** The full size is the issue's; BENCH_TRACING_SCALE=0.1 runs a tenth of it (every count but the first round's). */
const SCALE = Number(process.env.BENCH_TRACING_SCALE ?? 1);
const TRACES = 10_000;

/** The first round: 10,000 donations, each with a tracking code, among 21 campaigns of 3 organisations. */
export const SMALL: HistoryShape = { organisations: 3, campaignsPerOrganisation: 7, donations: 10_000, grants: 500, disbursements: 2_000, refunds: 10, confirmations: 20, codes: 10_000 };
/** The rest, to 1,000,000 donations, 2,000 campaigns, 200 organisations, 50,000 grants and 200,000 disbursements. */
export const LARGE: HistoryShape = {
  organisations: Math.round(197 * SCALE),
  campaignsPerOrganisation: 10,
  donations: Math.round(990_000 * SCALE),
  grants: Math.round(49_500 * SCALE),
  disbursements: Math.round(198_000 * SCALE),
  refunds: Math.round(990 * SCALE),
  confirmations: Math.round(1_980 * SCALE),
  codes: 10_000,
  // Two years of a sector's life: a quarter of it is a quarter of time (the flows are timed over one).
  periods: 8,
  periodDays: 91,
};

/**
 * Tracing at a million gifts. A history is written on the local chain through its batch functions
 * and mirrored by the real indexer (allocation included), in two rounds: 10,000 donations, then
 * the rest to a million. After each round, one gift's trace is timed over 10,000 random codes
 * (through the service, never from the cache), so the two sizes compare. At full size: the
 * sources of a payout, the indexer's speed over the whole chain with the allocation on and off
 * (one run, two fresh databases), and the track endpoint over HTTP with 50 clients.
 */
export const tracing: BenchGroup = {
  name: "tracing",
  summary: `a history of ${(SMALL.donations + LARGE.donations).toLocaleString("en")} donations through the chain and the indexer: trace and sources p50/p99, allocation cost, /api/v1/track over HTTP`,
  async run(progress) {
    progress.start(11);
    return withBenchSystem(async (bench) => {
      const { system } = bench;
      progress.tick("system started and seeded");
      const figures: Figure[] = [];
      const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

      const small = await seedRound(bench, SMALL, 1, "small");
      figures.push({ name: "tracing.seed.small.donationsPerSec", value: round(small.donationsPerSec, 0), unit: "donations/s, sent to mirrored" });
      progress.tick(`${SMALL.donations} donations mirrored`);
      const traceSmall = await timeTraces(bench, sample(small.history.codes, TRACES));
      figures.push(
        { name: "tracing.trace.p50_ms_10k", value: round(traceSmall.p50, 2), unit: "ms" },
        { name: "tracing.trace.p99_ms_10k", value: round(traceSmall.p99, 2), unit: "ms" },
      );
      progress.tick("traces at 10k");

      const large = await seedRound(bench, LARGE, 2, "large");
      const donations = SMALL.donations + LARGE.donations;
      figures.push({ name: "tracing.seed.donationsPerSec", value: round(large.donationsPerSec, 0), unit: `donations/s, sent to mirrored (${large.transactions} transactions)` });
      progress.tick(`${donations} donations mirrored`);

      const codes = sample([...small.history.codes, ...large.history.codes], TRACES);
      const traceLarge = await timeTraces(bench, codes);
      figures.push(
        { name: "tracing.trace.p50_ms", value: round(traceLarge.p50, 2), unit: `ms at ${donations.toLocaleString("en")} donations` },
        { name: "tracing.trace.p99_ms", value: round(traceLarge.p99, 2), unit: `ms at ${donations.toLocaleString("en")} donations` },
        { name: "tracing.trace.p99_ms_threeOrganisations", value: round(traceLarge.p99Far, 2), unit: `ms over the ${traceLarge.far} gifts that crossed 3 organisations` },
        { name: "tracing.trace.flatness", value: round(traceLarge.p99 / traceSmall.p99, 2), unit: "p99 at 1M / p99 at 10k" },
      );
      progress.tick("traces at 1M");

      const sources = await timeSources(bench, large.history.disbursements);
      figures.push({ name: "tracing.sources.p99_ms", value: round(sources.p99, 2), unit: `ms (p50 ${round(sources.p50, 2)}), one page of up to 100 sources` });
      progress.tick("sources");

      const flows = await timeFlows(bench, large.chainTime);
      figures.push({ name: "tracing.flows.quarter_ms", value: round(flows.median, 1), unit: `ms, median of 10 (slowest ${round(flows.slowest, 1)}): ${flows.quarter}, all organisations, ${flows.edges} edges` });
      progress.tick("flows");

      const report = await timeReport(bench, large.chainTime);
      figures.push({ name: "tracing.report.organisation_year_ms", value: round(report.median, 1), unit: `ms, median of 10 (slowest ${round(report.slowest, 1)}): GET /reports/organisations/${report.orgId}/${report.year}, the whole HTML page with its charts` });
      progress.tick("annual report");

      const http = await trackOverHttp(bench, codes);
      figures.push(
        { name: "tracing.http.track.rps", value: round(http.warm.rps, 0), unit: "requests/s, 50 clients, codes asked before (kept traces)" },
        { name: "tracing.http.track.p99_ms", value: round(http.warm.p99, 1), unit: "ms" },
        { name: "tracing.http.track.cold_rps", value: round(http.cold.rps, 0), unit: "requests/s, 50 clients, each code asked once (read afresh)" },
        { name: "tracing.http.track.cold_p99_ms", value: round(http.cold.p99, 1), unit: "ms" },
      );
      progress.tick("HTTP");

      const allocation = await allocationCost(bench);
      figures.push(
        { name: "tracing.allocation.eventsPerSec_off", value: round(allocation.off, 0), unit: "events/s, indexer without the allocation" },
        { name: "tracing.allocation.eventsPerSec_on", value: round(allocation.on, 0), unit: "events/s, indexer with the allocation" },
        { name: "tracing.allocation.ratio", value: round(allocation.on / allocation.off, 3), unit: `on/off over ${allocation.events} events` },
      );
      progress.tick("allocation cost");
      progress.tick("done");
      return figures;
    });
  },
};

/** Writes one round of history from its own process and waits until the mirror holds all of it. */
export async function seedRound(bench: BenchSystem, shape: HistoryShape, seed: number, label: string) {
  const { system } = bench;
  const { DEV_ROLES, devAccount } = await import("../../server/chain/dev-accounts.ts");
  const { loadLedgerArtifact } = await import("../../server/chain/ledger-artifact.ts");
  const ledger = new Contract(system.ledgerAddress, loadLedgerArtifact().abi, system.provider);
  await system.indexer.waitForBlock(BigInt(await system.provider.getBlockNumber()), 3_600_000);
  const { rows } = await system.pool.query<{ o: number; c: number }>(`SELECT coalesce(max(id), 0)::int AS o FROM organisation UNION ALL SELECT coalesce(max(id), 0)::int FROM campaign`);
  const counters: Counters = { organisations: rows[0]!.o, campaigns: rows[1]!.o, records: Number(await ledger.getFunction("recordCount")()) };
  const key = (role: keyof typeof DEV_ROLES) => devAccount(DEV_ROLES[role], system.provider).privateKey;
  const dir = mkdtempSync(path.join(tmpdir(), "ledger-bench-seed-"));
  const out = path.join(dir, "seeded.json");
  const chainTime = async () => Number((await system.provider.getBlock("latest"))!.timestamp);
  const from = await chainTime();
  const started = performance.now();
  await runProcess("./seed-history-process.ts", {
    rpcUrl: system.rpcUrl,
    ledgerAddress: system.ledgerAddress,
    keys: { registrar: key("registrar"), funder: key("funder"), auditor: key("auditor") },
    shape,
    counters,
    seed,
    label,
    out,
  });
  const history = JSON.parse(readFileSync(out, "utf8")) as SeededHistory;
  rmSync(dir, { recursive: true, force: true });
  const onChain = Number(await ledger.getFunction("recordCount")());
  if (onChain !== history.counters.records) throw new Error(`the ledger holds ${onChain} records, the seeding expected ${history.counters.records}: a transaction reverted`);
  const head = BigInt(await system.provider.getBlockNumber());
  await system.indexer.waitForBlock(head, 3_600_000);
  const seconds = (performance.now() - started) / 1000;
  // The server re-reads what was just mirrored against the chain (its tail check); timings taken
  // while it runs would measure how two cores are shared, so they wait for it.
  while (BigInt(system.verifier.status().verifiedBlock ?? 0) < head) await new Promise((r) => setTimeout(r, 200));
  // Freshly written tables are what autovacuum visits next (statistics, visibility map, hint bits);
  // it is run here, so that it is not running during the timings, which measure the steady state.
  await system.pool.query("VACUUM (ANALYZE)");
  return { history, transactions: history.transactions, donationsPerSec: shape.donations / seconds, chainTime: { from, to: await chainTime() } };
}

/** Times one gift's trace per code, one after another, straight from the database. */
async function timeTraces(bench: BenchSystem, codes: string[]) {
  const { getDonationTrace } = await import("../../server/services/get-donation-trace.ts");
  const all: number[] = [];
  const far: number[] = [];
  for (const code of codes.slice(0, 200)) await getDonationTrace({ traceRows: bench.system.stores.traceRows, trackingCode: code }); // warm-up
  for (const code of codes) {
    const started = performance.now();
    const trace = await getDonationTrace({ traceRows: bench.system.stores.traceRows, trackingCode: code });
    const ms = performance.now() - started;
    if (trace.inconsistent) throw new Error(`the trace of ${code} is inconsistent`);
    all.push(ms);
    if (trace.steps.some((s) => "where" in s && s.where.hop >= 2)) far.push(ms);
  }
  return { p50: percentile(all, 0.5), p99: percentile(all, 0.99), far: far.length, p99Far: percentile(far, 0.99) };
}

async function timeSources(bench: BenchSystem, disbursements: string[]) {
  const { listDisbursementSources } = await import("../../server/services/list-disbursement-sources.ts");
  const times: number[] = [];
  for (const [i, id] of disbursements.entries()) {
    const started = performance.now();
    const answer = await listDisbursementSources({ sources: bench.system.stores.sources, accessLog: bench.system.stores.accessLog, recordId: BigInt(id), limit: 100 });
    if (i >= 50) times.push(performance.now() - started); // the first 50 warm up
    if (!answer.totals.consistent) throw new Error(`the sources of disbursement ${id} do not add up to it`);
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/**
 * The flow graph of one calendar quarter across all organisations: the one holding the middle of
 * the round's chain time (seconds), which lies whole inside it when the round spans two years.
 */
async function timeFlows(bench: BenchSystem, span: { from: number; to: number }) {
  const { getFlows } = await import("../../server/services/get-flows.ts");
  const middle = new Date(((span.from + span.to) / 2) * 1000);
  const first = new Date(Date.UTC(middle.getUTCFullYear(), Math.floor(middle.getUTCMonth() / 3) * 3, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 3, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const whole = first.getTime() / 1000 >= span.from && last.getTime() / 1000 + 86_400 <= span.to;
  const times: number[] = [];
  let edges = 0;
  for (let i = 0; i < 12; i++) {
    const started = performance.now();
    const flows = await getFlows({ flows: bench.system.stores.flows, from: day(first), to: day(last) });
    if (i >= 2) times.push(performance.now() - started); // two warm-ups
    edges = flows.currencies.reduce((n, c) => n + c.edges.length, 0);
  }
  return { median: percentile(times, 0.5), slowest: Math.max(...times), edges, quarter: `${day(first)} to ${day(last)}${whole ? "" : " (only partly seeded)"}` };
}

/** An organisation's annual report page over HTTP (figures, compliance, grants, charts and all), for the year holding the middle of the round. */
async function timeReport(bench: BenchSystem, span: { from: number; to: number }) {
  const year = new Date(((span.from + span.to) / 2) * 1000).getUTCFullYear();
  const { rows } = await bench.system.pool.query<{ id: string }>(
    `SELECT c.org_id::text AS id FROM flow_monthly f JOIN campaign c ON c.id = f.campaign_id GROUP BY c.org_id ORDER BY sum(f.count) DESC LIMIT 1`,
  );
  const orgId = rows[0]!.id;
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    const started = performance.now();
    const answer = await fetch(`${bench.system.url}/reports/organisations/${orgId}/${year}?lang=zh`);
    await answer.text();
    if (answer.status !== 200) throw new Error(`the annual report answered ${answer.status}`);
    if (i >= 2) times.push(performance.now() - started); // two warm-ups
  }
  return { median: percentile(times, 0.5), slowest: Math.max(...times), orgId, year };
}

/** The track endpoint with 50 clients: first every code once (each read afresh), then 15 s of the same codes again. */
async function trackOverHttp(bench: BenchSystem, codes: string[]) {
  const urls = codes.map((code) => `${bench.system.url}/api/v1/track/${code}`);
  const cold = await httpLoad({ urls, connections: 50, seconds: 120, once: true });
  const warm = await httpLoad({ urls: sample(urls, urls.length), connections: 50, seconds: 15 });
  for (const run of [cold, warm]) if (run.failures > 0) throw new Error(`the track endpoint failed ${run.failures} times: ${JSON.stringify(run.statuses)}`);
  return { cold, warm };
}

/**
 * The indexer over the whole chain into two fresh databases beside the system's, without and then
 * with the allocation; events per second of each. The system's own indexer is idle meanwhile.
 */
async function allocationCost(bench: BenchSystem) {
  const { system } = bench;
  const { createPool } = await import("../../server/db/pool.ts");
  const { applyMigrations } = await import("../../server/db/migrate.ts");
  const { initCursor, readCursor } = await import("../../server/db/cursor.ts");
  const { fetchHeader } = await import("../../server/chain/headers.ts");
  const { createIndexer } = await import("../../server/indexer/indexer.ts");
  const { createRawRpc } = await import("../../server/chain/raw-rpc.ts");
  const identity = (await readCursor(system.pool))!;
  const head = BigInt(await system.provider.getBlockNumber());
  const start = (await fetchHeader(system.provider, identity.deployBlock - 1n))!;
  const { rows } = await system.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ledger_event`);
  const events = Number(rows[0]!.n);
  const rates: Record<string, number> = {};
  for (const allocation of [false, true]) {
    const name = `bench_allocation_${allocation ? "on" : "off"}`;
    await system.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await system.pool.query(`CREATE DATABASE ${name}`);
    const url = new URL(system.databaseUrl);
    url.pathname = `/${name}`;
    const pool = createPool(url.toString(), { max: 4 });
    try {
      await applyMigrations(pool);
      await initCursor(pool, { ...identity, blockNumber: start.number, blockHash: start.hash });
      const indexer = createIndexer({
        pool,
        provider: system.provider,
        reader: createRawRpc(system.rpcUrl, { timeoutMs: 300_000 }),
        ledgerAddress: identity.ledgerAddress,
        confirmations: 0,
        pollIntervalMs: 50,
        allocation,
        logger: pino({ level: "silent" }),
      });
      const started = performance.now();
      indexer.start();
      await indexer.waitForBlock(head, 3_600_000);
      rates[name] = events / ((performance.now() - started) / 1000);
      await indexer.stop();
    } finally {
      await pool.end();
      await system.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  return { events, off: rates.bench_allocation_off!, on: rates.bench_allocation_on! };
}

function runProcess(script: string, options: unknown): Promise<void> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), file, JSON.stringify(options)], { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code})`))));
  });
}

/** `n` items drawn at random without repeats (all of them, shuffled, when n ≥ the list's length). */
export function sample<T>(list: T[], n: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
