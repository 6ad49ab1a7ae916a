import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem } from "../../server/main.ts";
import { call } from "../support/http.ts";

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
});
