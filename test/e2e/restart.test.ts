import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem, type LedgerSystem } from "../../server/main.ts";
import type { DemoSeed } from "../../server/services/seed-demo.ts";
import { waitForWrite } from "../../server/services/wait-for-write.ts";
import { call, newKey, tokenFor } from "../support/http.ts";

describe("a restart of the embedded system", function () {
  let dataDir: string;

  before(function () {
    dataDir = mkdtempSync(path.join(tmpdir(), "ledger-restart-"));
    chmodSync(dataDir, 0o755);
  });
  after(function () {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("rebuilds the local chain from its journal and keeps the same ledger and gifts", async function () {
    this.timeout(180_000);
    const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50" });

    const first = await startLedgerSystem(config);
    let before: { address: string; head: bigint; code: string; trace: unknown };
    try {
      const demo = await first.seedDemo();
      const head = BigInt(await first.provider.send("eth_blockNumber", []));
      await first.indexer.waitForBlock(head);
      const trace = (await call(first.url, "GET", `/api/v1/track/${demo.trackingCode}`)).body;
      before = { address: first.ledgerAddress, head, code: demo.trackingCode, trace };
    } finally {
      await first.stop();
    }

    const second = await startLedgerSystem(config);
    try {
      expect(second.ledgerAddress).to.equal(before.address);
      const genesisAndHead = BigInt(await second.provider.send("eth_blockNumber", []));
      expect(genesisAndHead).to.be.at.least(before.head);
      const block = await second.provider.send("eth_getBlockByNumber", ["0x" + before.head.toString(16), false]);
      const cursor = await second.db.indexerCursor.findUniqueOrThrow({ where: { id: 1 } });
      expect(cursor.blockNumber).to.be.at.least(before.head);
      const stored = await second.db.chainBlock.findUnique({ where: { number: before.head } });
      if (stored) expect(stored.hash).to.equal(block.hash);
      const trace = await call(second.url, "GET", `/api/v1/track/${before.code}`);
      expect(trace.status).to.equal(200);
      // The background check of each run reports its own progress; the trace itself must be the same.
      expect({ ...trace.body, asOfBlock: null, verification: null }).to.deep.equal({ ...(before.trace as object), asOfBlock: null, verification: null });
      const { rows } = await second.pool.query(`SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'ledger_before_%'`);
      expect(rows[0].n).to.equal(0);
    } finally {
      await second.stop();
    }
  });

  it("keeps block times within a second of the wall clock, before a restart and after one", async function () {
    this.timeout(180_000);
    const dir = mkdtempSync(path.join(tmpdir(), "ledger-clock-"));
    chmodSync(dir, 0o755);
    const config = loadConfig({ DATA_DIR: dir, PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50" });
    /** Records a gift through the API and returns how far its block's time is outside [accepted, mirrored], in ms. */
    async function clockGap(system: LedgerSystem, demo: DemoSeed): Promise<number> {
      const token = await tokenFor(system.url, demo.foundation.clientId, demo.foundation.secret);
      const accepted = Date.now();
      const gift = await call(system.url, "POST", "/api/v1/donations", {
        token,
        headers: { "idempotency-key": newKey("clock") },
        body: { campaignId: demo.foundation.campaignId.toString(), amount: "5", channel: "bank" },
      });
      const recordId = await waitForWrite({ outbox: system.outbox, id: BigInt(gift.body.id) });
      const mirrored = Date.now();
      const { rows } = await system.pool.query(`SELECT extract(epoch FROM block_time)::bigint * 1000 AS ms FROM donation WHERE record_id = $1`, [recordId]);
      const at = Number(rows[0].ms);
      // Block times are whole seconds: the block's second must overlap the write's interval.
      return at + 999 < accepted ? accepted - (at + 999) : at > mirrored ? at - mirrored : 0;
    }
    try {
      const first = await startLedgerSystem(config);
      try {
        const demo = await first.seedDemo(); // dozens of blocks in a few seconds
        expect(await clockGap(first, demo), "before the restart").to.be.at.most(1_000);
      } finally {
        await first.stop();
      }
      const second = await startLedgerSystem(config);
      try {
        const demo = await second.seedDemo();
        await new Promise((r) => setTimeout(r, 3_000)); // the time that used to go missing
        expect(await clockGap(second, demo), "after the restart").to.be.at.most(1_000);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
