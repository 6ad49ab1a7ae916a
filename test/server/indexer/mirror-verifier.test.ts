import { expect } from "chai";
import pino from "pino";
import { createRawRpc } from "../../../server/chain/raw-rpc.ts";
import { createMirrorVerifier } from "../../../server/indexer/mirror-verifier.ts";
import { getTestSystem, postFoundationGift, type TestSystem } from "../../support/system.ts";

describe("the server's background check of the mirror", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(condition(), what).to.equal(true);
  }

  it("checks the tail as blocks arrive, catches a change there, and keeps a difference standing until a full check clears it", async function () {
    this.timeout(90_000);
    const verifier = createMirrorVerifier({
      databaseUrl: t.system.databaseUrl,
      provider: t.system.provider,
      reader: createRawRpc(t.system.rpcUrl),
      intervalMs: 3_600_000, // no scheduled full check during the test: only the first one, and checkNow
      tailIntervalMs: 100,
      logger: pino({ level: "silent" }),
    });
    verifier.start();
    try {
      await until(() => verifier.status().state === "ok", "the first full check passes");
      const first = verifier.status();
      expect(first.lastFullCheck?.block).to.equal(first.verifiedBlock);

      const gift = await postFoundationGift(t, "777", "bg-tail");
      await t.waitForWrite(gift.body.id);
      await t.system.indexer.waitForBlock(BigInt(await t.system.provider.send("eth_blockNumber", [])));
      await until(() => BigInt(verifier.status().verifiedBlock ?? 0) > BigInt(first.verifiedBlock!), "a tail check reaches the new block");
      expect(verifier.status().lastFullCheck).to.deep.equal(first.lastFullCheck);

      // A row changed after it was indexed and before the tail check reached it (the check is paused meanwhile).
      await verifier.stop();
      const second = await postFoundationGift(t, "778", "bg-tail");
      await t.waitForWrite(second.body.id);
      await t.system.indexer.waitForBlock(BigInt(await t.system.provider.send("eth_blockNumber", [])));
      const pool = t.system.pool;
      const { rows } = await pool.query(`UPDATE donation SET amount = 1 WHERE amount = 778 RETURNING record_id::text`);
      expect(rows).to.have.length(1);
      try {
        verifier.start();
        await until(() => verifier.status().state === "differences", "a tail check finds the change");
        expect(verifier.status().lastFullCheck).to.deep.equal(first.lastFullCheck);
      } finally {
        await pool.query(`UPDATE donation SET amount = 778 WHERE record_id = $1`, [rows[0].record_id]);
      }
      // Repaired, yet tail checks do not clear it: they never looked at the row again.
      await new Promise((r) => setTimeout(r, 500));
      expect(verifier.status().state).to.equal("differences");
      const full = await verifier.checkNow();
      expect(full.state).to.equal("ok");
      expect(full.lastFullCheck?.block).to.equal(full.verifiedBlock);
    } finally {
      await verifier.stop();
    }
  });
});
