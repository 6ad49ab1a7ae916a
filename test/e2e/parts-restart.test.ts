import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem, type LedgerSystem } from "../../server/main.ts";
import type { DemoSeed } from "../../server/services/seed-demo.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { useTempDataDir } from "../support/system.ts";
import { until } from "../support/until.ts";

/**
 * Clients that each keep one write until it is acknowledged (202), retrying with the same
 * idempotency key through any 5xx or dropped connection, as the README tells integrations to.
 */
function startWriters(system: LedgerSystem, demo: DemoSeed, token: string, count: number) {
  const acknowledged = new Map<string, string>(); // idempotency key → write id
  let writing = true;
  const writers = Array.from({ length: count }, async () => {
    while (writing) {
      const key = newKey("parts");
      for (;;) {
        const answer = await call(system.url, "POST", "/api/v1/donations", {
          token,
          headers: { "idempotency-key": key },
          body: { campaignId: demo.foundation.campaignId.toString(), amount: "100", channel: "bank" },
        }).catch(() => undefined);
        if (answer?.status === 202) {
          acknowledged.set(key, answer.body.id);
          break;
        }
        if (answer && answer.status < 500) throw new Error(`write refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    acknowledged,
    async stop() {
      writing = false;
      await Promise.all(writers);
    },
  };
}

/** Every acknowledged write confirmed and mirrored exactly once (by its donor commitment), and the campaign holding exactly those. */
async function expectAllLanded(system: LedgerSystem, campaignId: bigint, before: number, ids: string[]): Promise<void> {
  const landed = async () => {
    const { rows } = await system.pool.query(
      `SELECT o.id::text, o.status, count(d.record_id)::int AS mirrored
         FROM outbox o LEFT JOIN donation d ON d.donor_commitment = o.donor_commitment
        WHERE o.id = ANY($1::bigint[]) GROUP BY o.id, o.status`,
      [ids],
    );
    return rows as { id: string; status: string; mirrored: number }[];
  };
  await until("every acknowledged write to be confirmed and mirrored", async () => {
    await system.indexer.waitForBlock(BigInt(await system.provider.getBlockNumber()));
    const rows = await landed();
    return rows.length === ids.length && rows.every((r) => r.status === "confirmed" && r.mirrored >= 1) ? true : undefined;
  });
  const rows = await landed();
  expect(rows.filter((r) => r.mirrored !== 1), "writes mirrored other than once").to.deep.equal([]);
  const { rows: counted } = await system.pool.query(`SELECT count(*)::int AS n FROM donation WHERE campaign_id = $1`, [campaignId.toString()]);
  expect(counted[0].n, "donations in the mirror").to.equal(before + ids.length);
}

async function donationsIn(system: LedgerSystem, campaignId: bigint): Promise<number> {
  await system.indexer.waitForBlock(BigInt(await system.provider.getBlockNumber()));
  const { rows } = await system.pool.query(`SELECT count(*)::int AS n FROM donation WHERE campaign_id = $1`, [campaignId.toString()]);
  return rows[0].n;
}

describe("parts that die are restarted", function () {
  let system: LedgerSystem;
  let demo: DemoSeed;
  let token: string;
  // Registered before the data folder's own cleanup, so the system stops before its folder goes.
  after(async function () {
    this.timeout(30_000);
    await system?.stop();
  });
  const dataDirOf = useTempDataDir("ledger-parts");

  before(async function () {
    this.timeout(180_000);
    // The parts kept running are the embedded ones; an external node or Postgres is its operator's to keep.
    if (process.env.RPC_URL || process.env.DATABASE_URL) this.skip();
    const config = loadConfig({ DATA_DIR: dataDirOf(), PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", POLL_INTERVAL_MS: "50", SEED_DEMO: "false", RPC_URL: "", DATABASE_URL: "" });
    system = await startLedgerSystem(config);
    demo = await system.seedDemo();
    token = await tokenFor(system.url, demo.foundation.clientId, demo.foundation.secret);
  });

  it("restarts a killed chain node, accepts writes while it is down, and sends every acknowledged one exactly once", async function () {
    this.timeout(300_000);
    const before = await donationsIn(system, demo.foundation.campaignId);
    const writers = startWriters(system, demo, token, 8);
    await until("some writes", async () => (writers.acknowledged.size >= 20 ? true : undefined));

    const pid = Number(readFileSync(path.join(dataDirOf(), "chain.pid"), "utf8"));
    process.kill(pid, "SIGKILL");
    // The outbox takes writes while the node is away: nothing of the API's write path needs the chain.
    const whileDown = await call(system.url, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("while-down") },
      body: { campaignId: demo.foundation.campaignId.toString(), amount: "100", channel: "bank" },
    });
    expect(whileDown.status).to.equal(202);
    const health = await until("/health to say the node is restarting", async () => {
      const answer = await call(system.url, "GET", "/health");
      return answer.body.chain?.process?.status === "restarting" ? answer : undefined;
    }, 10_000);
    expect(health.status).to.equal(503);

    await until("the node to run again", async () => (system.submitter.status().held === undefined && (await call(system.url, "GET", "/health")).body.chain.process.status === "running" ? true : undefined));
    expect(Number(readFileSync(path.join(dataDirOf(), "chain.pid"), "utf8"))).to.not.equal(pid);
    await new Promise((r) => setTimeout(r, 1_000));
    await writers.stop();

    await expectAllLanded(system, demo.foundation.campaignId, before, [...writers.acknowledged.values(), whileDown.body.id]);
    const healthAfter = await until("/health to be ok again", async () => {
      const answer = await call(system.url, "GET", "/health");
      return answer.status === 200 ? answer : undefined;
    });
    expect(healthAfter.body.chain.process).to.include({ status: "running", restarts: 1 });
  });

  it("restarts a killed Postgres, the pools reconnect, and every acknowledged write lands exactly once", async function () {
    this.timeout(300_000);
    const before = await donationsIn(system, demo.foundation.campaignId);
    const writers = startWriters(system, demo, token, 8);
    await until("some writes", async () => (writers.acknowledged.size >= 20 ? true : undefined));

    const pid = Number(readFileSync(path.join(dataDirOf(), "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    const health = await until("/health to say the database is restarting or down", async () => {
      const answer = await call(system.url, "GET", "/health");
      return answer.body.database?.process?.status === "restarting" || answer.body.database?.status === "down" ? answer : undefined;
    }, 10_000);
    expect(health.status).to.equal(503);

    await until("Postgres to run again", async () => {
      const answer = await call(system.url, "GET", "/health");
      const { status, process } = answer.body.database;
      return status === "ok" && process.status === "running" && process.restarts === 1 ? true : undefined;
    });
    const acknowledgedAtRestart = writers.acknowledged.size;
    await until("writes to be acknowledged again", async () => (writers.acknowledged.size > acknowledgedAtRestart + 10 ? true : undefined));
    await writers.stop();

    await expectAllLanded(system, demo.foundation.campaignId, before, [...writers.acknowledged.values()]);
    const healthAfter = await until("/health to be ok again", async () => {
      const answer = await call(system.url, "GET", "/health");
      return answer.status === 200 ? answer : undefined;
    });
    expect(healthAfter.body.database.process).to.include({ status: "running", restarts: 1 });
  });
});
