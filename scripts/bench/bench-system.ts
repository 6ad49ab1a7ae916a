import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LedgerSystem } from "../../server/main.ts";
import type { DemoSeed } from "../../server/services/seed-demo.ts";

export interface BenchSystem {
  system: LedgerSystem;
  demo: DemoSeed;
  /** A charity token for the demo foundation. */
  token: string;
  post(route: string, body: unknown, headers?: Record<string, string>): Promise<any>;
}

/**
 * Runs `work` against the whole system (hardhat node, embedded Postgres, submitter, indexer,
 * HTTP) started fresh in a temporary folder and seeded with the demo; stops it afterwards.
 */
export async function withBenchSystem<T>(work: (b: BenchSystem) => Promise<T>): Promise<T> {
  const { loadConfig } = await import("../../server/config.ts");
  const { startLedgerSystem } = await import("../../server/main.ts");
  const { buildContracts } = await import("../build-contracts.ts");
  await buildContracts();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ledger-bench-"));
  chmodSync(dataDir, 0o755);
  const system = await startLedgerSystem(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      CHAIN_PORT: "0",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      POLL_INTERVAL_MS: "50",
      // The latency group polls the public track endpoint every 5 ms, far above a person's pace.
      RATE_LIMIT_READS: String(1_000_000_000),
    }),
  );
  try {
    const demo = await system.seedDemo();
    const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(system.url + route, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${route}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = (await post("/api/v1/auth/token", { client_id: demo.foundation.clientId, client_secret: demo.foundation.secret })).access_token;
    return await work({ system, demo, token, post });
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
