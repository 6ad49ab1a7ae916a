import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchGroup, Figure } from "./types.ts";

const GIFTS = 200;

/**
 * Time from the API's 2xx answer for a donation to the gift showing as recorded on the ledger
 * at the public track endpoint, through the real system (hardhat node, embedded Postgres,
 * submitter, indexer, HTTP), over 200 gifts sent one after another.
 */
export const latency: BenchGroup = {
  name: "latency",
  summary: `API 2xx → gift visible on /api/v1/track, over ${GIFTS} gifts through the whole system`,
  async run(progress) {
    progress.start(GIFTS + 1);
    const { loadConfig } = await import("../../server/config.ts");
    const { startLedgerSystem } = await import("../../server/main.ts");
    const { buildContracts } = await import("../build-contracts.ts");
    await buildContracts();

    const dataDir = mkdtempSync(path.join(tmpdir(), "ledger-bench-"));
    chmodSync(dataDir, 0o755);
    const system = await startLedgerSystem(
      loadConfig({ DATA_DIR: dataDir, PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", SEED_DEMO: "false", POLL_INTERVAL_MS: "50" }),
    );
    try {
      const demo = await system.seedDemo();
      progress.tick("system started and seeded");
      const token = await post(system.url, "/api/v1/auth/token", { client_id: demo.foundation.clientId, client_secret: demo.foundation.secret });

      const samples: number[] = [];
      for (let i = 0; i < GIFTS; i++) {
        const answer = await post(
          system.url,
          "/api/v1/donations",
          { campaignId: demo.foundation.campaignId.toString(), amount: String(1000 + i), channel: "alipay" },
          { authorization: `Bearer ${token.access_token}`, "idempotency-key": `bench-latency-${Date.now()}-${i}` },
        );
        const acknowledged = performance.now();
        for (;;) {
          const trace = await (await fetch(`${system.url}/api/v1/track/${answer.trackingCode}`)).json();
          if (trace.steps?.some((s: { kind: string }) => s.kind === "recorded")) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        samples.push(performance.now() - acknowledged);
        progress.tick(`gift ${i + 1}`);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]! * 10) / 10;
      return [
        { name: "latency.apiToTrace.p50_ms", value: at(0.5), unit: "ms" },
        { name: "latency.apiToTrace.p95_ms", value: at(0.95), unit: "ms" },
      ] satisfies Figure[];
    } finally {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function post(base: string, route: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + route, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}
