import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { withBenchSystem, type BenchSystem } from "./bench-system.ts";
import { httpLoad, type LoadResult } from "./http-load.ts";
import type { BenchGroup, Figure } from "./types.ts";

const GIFTS = Number(process.env.BENCH_THROUGHPUT_GIFTS ?? 5_000);
const CLIENTS = 32;
const BATCH = 500;
const BATCHES = Number(process.env.BENCH_THROUGHPUT_BATCHES ?? 40);
// Untimed requests first, as a server in service is warm: its code compiled, its pools connected.
const WARMUP = 1_000;

/**
 * The charity write path under load, from a load generator in its own process (32 clients, each
 * sending its next request when the last is answered), in one run:
 * - the same load against an Express route that does one `SELECT 1` per request on the same
 *   database and machine: the most any route that touches the database could answer;
 * - donations through `POST /api/v1/donations`: accepted per second and their p99; then from the
 *   first request until the last accepted gift is visible through the track endpoint (signed,
 *   mined, mirrored): mirrored per second;
 * - the ratio of the accepted rate to the `SELECT 1` route's;
 * - donations through `POST /api/v1/donations/batch`, 500 a request: donations accepted per second.
 */
export const throughput: BenchGroup = {
  name: "throughput",
  summary: `${GIFTS} donations from ${CLIENTS} concurrent clients in a process of their own: accepted/s and p99, mirrored/s, and against a SELECT 1 route`,
  async run(progress) {
    progress.start(5);
    return withBenchSystem(async (bench) => {
      progress.tick("system started and seeded");
      const baseline = await selectOneRoute(bench);
      progress.tick("SELECT 1 route");
      const donations = await donationLoad(bench);
      progress.tick(`${GIFTS} donations accepted`);
      const mirrored = await untilVisible(bench, donations);
      progress.tick("the last gift is on the track endpoint");
      const batches = await batchLoad(bench);
      progress.tick(`${BATCHES} batches of ${BATCH} accepted`);
      const round = (n: number) => Math.round(n);
      const accepted = donations.load;
      return [
        { name: "throughput.api.accepted_per_s", value: round(accepted.rps), unit: `donations/s, ${CLIENTS} clients, ${GIFTS} donations after ${WARMUP} untimed` },
        { name: "throughput.api.p99_ms", value: Math.round(accepted.p99 * 10) / 10, unit: `ms (p50 ${accepted.p50.toFixed(1)})` },
        { name: "throughput.endToEnd.mirrored_per_s", value: round((GIFTS + WARMUP) / mirrored), unit: `donations/s, ${GIFTS + WARMUP} gifts from the first request to the last visible on /api/v1/track` },
        { name: "throughput.selectOne.rps", value: round(baseline.rps), unit: `requests/s, an Express route doing one SELECT 1 (p99 ${baseline.p99.toFixed(1)} ms)` },
        { name: "throughput.ratio", value: Math.round((accepted.rps / baseline.rps) * 1000) / 1000, unit: "accepted donations/s over SELECT 1 requests/s, one run" },
        { name: "throughput.batch.accepted_per_s", value: round(batches.rps * BATCH), unit: `donations/s, ${BATCHES} requests of ${BATCH} (p99 ${batches.p99.toFixed(0)} ms a request)` },
      ] satisfies Figure[];
    });
  },
};

/** An Express app beside the system's, on its own port and pool: one POST route, one SELECT 1. */
async function selectOneRoute({ system }: BenchSystem): Promise<LoadResult> {
  const express = (await import("express")).default;
  const { createPool } = await import("../../server/db/pool.ts");
  const pool = createPool(system.databaseUrl, { max: 10 });
  const app = express();
  app.use(express.json());
  app.post("/select-one", async (_req, res) => {
    await pool.query("SELECT 1");
    res.status(202).json({ ok: true });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/select-one`;
    const result = await httpLoad({ post: { url, headers: {}, body: donationBody("1"), count: GIFTS }, warmup: WARMUP, connections: CLIENTS, seconds: 120, expect: 202 });
    if (result.failures > 0) throw new Error(`the SELECT 1 route failed ${result.failures} times: ${JSON.stringify(result.statuses)}`);
    return result;
  } finally {
    await new Promise((r) => server.close(r));
    await pool.end();
  }
}

function donationBody(campaignId: string): string {
  return JSON.stringify({ campaignId, amount: "1{i}", channel: "bank" });
}

async function donationLoad({ system, demo, token }: BenchSystem) {
  const run = `bench-throughput-${Date.now()}`;
  // The clock of the end-to-end figure starts with the warm-up: its gifts are mirrored too.
  const started = performance.now();
  const load = await httpLoad({
    post: {
      url: `${system.url}/api/v1/donations`,
      headers: { authorization: `Bearer ${token}`, "idempotency-key": `${run}-{i}` },
      body: donationBody(demo.foundation.campaignId.toString()),
      count: GIFTS,
    },
    warmup: WARMUP,
    connections: CLIENTS,
    seconds: 600,
    expect: 202,
  });
  if (load.failures > 0) throw new Error(`the donations endpoint failed ${load.failures} times: ${JSON.stringify(load.statuses)}`);
  return { load, started, run, clientId: demo.foundation.clientId };
}

async function batchLoad({ system, demo, token }: BenchSystem): Promise<LoadResult> {
  const item = { campaignId: demo.foundation.campaignId.toString(), amount: "2{i}", channel: "alipay" };
  const load = await httpLoad({
    post: {
      url: `${system.url}/api/v1/donations/batch`,
      headers: { authorization: `Bearer ${token}`, "idempotency-key": `bench-batch-${Date.now()}-{i}` },
      body: JSON.stringify({ donations: Array.from({ length: BATCH }, () => item) }),
      count: BATCHES,
    },
    connections: CLIENTS,
    seconds: 600,
    expect: 202,
  });
  if (load.failures > 0) throw new Error(`the batch endpoint failed ${load.failures} times: ${JSON.stringify(load.statuses)}`);
  return load;
}

/** Seconds from the first request until the last accepted gift's trace says it is on the ledger. */
async function untilVisible({ system }: BenchSystem, donations: Awaited<ReturnType<typeof donationLoad>>): Promise<number> {
  const { generateTrackingCode } = await import("../../server/domain/tracking-code.ts");
  const { trackingCodeBytes } = await import("../../server/services/write-secrets.ts");
  const { rows } = await system.pool.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM outbox WHERE client_id = $1 AND idempotency_key LIKE $2 ORDER BY id DESC LIMIT 1`,
    [donations.clientId, `${donations.run}-%`],
  );
  const code = generateTrackingCode(trackingCodeBytes(system.secrets.trackingCodeKey, donations.clientId, rows[0]!.idempotency_key));
  for (;;) {
    const answer = await fetch(`${system.url}/api/v1/track/${code}`);
    const body = (await answer.json()) as { status?: string };
    if (answer.ok && body.status === "confirmed") return (performance.now() - donations.started) / 1000;
    if (performance.now() - donations.started > 600_000) throw new Error(`gift ${code} was not on the ledger after 10 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
