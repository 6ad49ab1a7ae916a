import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { startLedgerSystem, type LedgerSystem } from "../../server/main.ts";
import type { DemoSeed } from "../../server/services/seed-demo.ts";
import { waitForWrite } from "../../server/services/wait-for-write.ts";

export interface TestSystem {
  system: LedgerSystem;
  baseUrl: string;
  demo: DemoSeed;
  /** A gift that was donated and partly disbursed, fully indexed. */
  demoTrackingCode: string;
  /** Resolves when the write is confirmed and mirrored. */
  /** Every line the system logged (at debug level and above), to check that nothing personal is logged. */
  logLines: string[];
  /** Resolves with the write's record id when it is confirmed and mirrored. */
  waitForWrite(id: bigint | string): Promise<string>;
}

/** Where the test system's pages send a transaction's link: no such site, nothing is ever fetched from it. */
export const EXPLORER_TX_URL = "https://explorer.example/tx/{txHash}";

const NO_LIMIT = String(1_000_000_000);
export const UNLIMITED = { RATE_LIMIT_TOKEN: NO_LIMIT, RATE_LIMIT_WRITES: NO_LIMIT, RATE_LIMIT_READS: NO_LIMIT };

let started: Promise<TestSystem> | undefined;
let dataDir: string | undefined;

/**
 * The real system, started once per test run: a `hardhat node` child process, an embedded
 * Postgres in a fresh temporary folder, the indexer, the submitter and the HTTP API, seeded
 * with the demo. Tests talk to it over HTTP like any client.
 */
export function getTestSystem(): Promise<TestSystem> {
  (globalThis as { __ledgerTestCleanup?: () => Promise<void> }).__ledgerTestCleanup = stopTestSystem;
  started ??= start();
  return started;
}

async function start(): Promise<TestSystem> {
  dataDir = mkdtempSync(path.join(tmpdir(), "ledger-test-"));
  // Postgres runs as its own user and must reach its data folder.
  chmodSync(dataDir, 0o755);
  // The suite runs against an external node or Postgres when these are set (CI does both).
  const external = Object.fromEntries(
    ["RPC_URL", "DATABASE_URL", "DEV_KEYS", "ADMIN_PRIVATE_KEY", "REGISTRAR_PRIVATE_KEY", "FUNDER_PRIVATE_KEY", "RELAYER_PRIVATE_KEY"]
      .filter((k) => process.env[k])
      .map((k) => [k, process.env[k]]),
  );
  const config = loadConfig({
    ...external,
    DATA_DIR: dataDir,
    PORT: "0",
    CHAIN_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    POLL_INTERVAL_MS: "50",
    SEED_DEMO: "false",
    // Short, so the test of a stuck transaction's replacement runs quickly (automine never leaves one stuck).
    STUCK_TX_SECONDS: "2",
    // Revoked and rotated clients are re-read this often, so their tokens' refusal is seen at once.
    CLIENT_CHECK_SECONDS: "0.2",
    // The donor pages link each step's transaction here (the local chain has no explorer of its own).
    EXPLORER_TX_URL: EXPLORER_TX_URL,
    // The suite sends thousands of requests from 127.0.0.1; rate limits have their own test.
    ...UNLIMITED,
  });
  // Everything is logged at debug level into memory (and echoed when TEST_LOG_LEVEL asks for it),
  // so privacy tests can search every line the system wrote.
  const logLines: string[] = [];
  const echo = process.env.TEST_LOG_LEVEL && process.env.TEST_LOG_LEVEL !== "silent";
  const logger = createLogger("debug", {
    write(line: string) {
      logLines.push(line);
      if (echo) process.stdout.write(line);
    },
  });
  const system = await startLedgerSystem(config, logger);
  const wait = (id: bigint | string) => waitForWrite({ outbox: system.outbox, id: BigInt(id) });
  const demo = await system.seedDemo();
  return { system, baseUrl: system.url, demo, demoTrackingCode: demo.trackingCode, waitForWrite: wait, logLines };
}

/**
 * Resolves once every accepted write has been sent and mined and the mirror holds the chain's
 * head: what a page shows then stays put until the next write.
 */
export async function settled(t: TestSystem): Promise<void> {
  while ((await t.system.db.outboxEntry.count({ where: { status: { in: ["pending", "submitted"] } } })) > 0) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await t.system.indexer.waitForBlock(BigInt(await t.system.provider.send("eth_blockNumber", [])));
}

/** Called once after all tests, by the root hook in hardhat.config.ts. */
export async function stopTestSystem(): Promise<void> {
  if (!started) return;
  const s = await started.catch(() => undefined);
  started = undefined;
  await s?.system.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Opens a fresh CNY campaign of the demo foundation with its own key, mirrored before it returns. */
export async function openFoundationCampaign(t: TestSystem, title: string): Promise<bigint> {
  return openDemoCampaign(t, "foundation", title);
}

/** Opens a fresh CNY campaign of one of the demo's organisations with its own key, mirrored before it returns. */
export async function openDemoCampaign(t: TestSystem, who: "foundation" | "partner", title: string): Promise<bigint> {
  const { ledgerAdmin } = await import("../../server/chain/ledger-admin.ts");
  const opened = await ledgerAdmin(t.system.ledgerAddress, t.demo[who].ownKey).openCampaign({
    orgId: t.demo[who].orgId,
    currency: "CNY",
    target: 0n,
    title,
  });
  await t.system.indexer.waitForBlock(opened.block);
  return opened.id;
}

/** Posts a gift of `amount` (minor units) to the demo foundation's campaign through the API; its 202 answer. */
export async function postFoundationGift(t: TestSystem, amount: string, keyPrefix: string): Promise<{ status: number; body: any }> {
  const { call, newKey, tokenFor } = await import("./http.ts");
  const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  return call(t.baseUrl, "POST", "/api/v1/donations", {
    token,
    headers: { "idempotency-key": newKey(keyPrefix) },
    body: { campaignId: t.demo.foundation.campaignId.toString(), amount, channel: "bank" },
  });
}

/** A fresh DATA_DIR (readable by the embedded Postgres's user) for a suite that starts systems of its own, removed after it. */
export function useTempDataDir(prefix: string): () => string {
  let dir = "";
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
