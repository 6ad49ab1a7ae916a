import { expect } from "chai";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { checkChainIdentity } from "../../../server/chain/chain-identity.ts";
import { ChainMismatchError } from "../../../server/chain/errors.ts";
import { readCursor } from "../../../server/db/cursor.ts";
import { createIndexer } from "../../../server/indexer/indexer.ts";
import { rejection } from "../../support/http.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("indexer", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  async function logsOnChain(): Promise<number> {
    const logs = await t.system.provider.send("eth_getLogs", [{ address: t.system.ledgerAddress, fromBlock: "0x0", toBlock: "latest" }]);
    const abi = loadLedgerArtifact().abi;
    return (logs as { topics: string[]; data: string }[]).filter((l) => abi.parseLog(l) !== null).length;
  }

  it("mirrors every contract event exactly once", async function () {
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM ledger_event`);
    expect(rows[0].n).to.equal(await logsOnChain());
  });

  it("resumes from its cursor after a restart with nothing lost or doubled", async function () {
    await t.system.indexer.stop();
    const before = await readCursor(t.system.pool);
    // Rewind the cursor as if the process died after reading but before its transaction
    // committed: the range is read again and written once.
    const { rows } = await t.system.pool.query(`SELECT number, hash FROM chain_block WHERE number < $1 ORDER BY number DESC LIMIT 1`, [before!.blockNumber]);
    await t.system.pool.query(`UPDATE indexer_cursor SET block_number = $1, block_hash = $2`, [rows[0].number, rows[0].hash]);

    const again = createIndexer({
      pool: t.system.pool,
      provider: t.system.provider,
      ledgerAddress: t.system.ledgerAddress,
      confirmations: 0,
      pollIntervalMs: 20,
      logger: t.system.logger,
    });
    again.start();
    try {
      await again.waitForBlock(before!.blockNumber);
      const count = await t.system.pool.query(`SELECT count(*)::int AS n FROM ledger_event`);
      expect(count.rows[0].n).to.equal(await logsOnChain());
      const donations = await t.system.pool.query(`SELECT count(*)::int AS n FROM donation`);
      const onChain = await t.system.pool.query(`SELECT count(*)::int AS n FROM ledger_event WHERE name = 'DonationRecorded'`);
      expect(donations.rows[0].n).to.equal(onChain.rows[0].n);
    } finally {
      await again.stop();
      t.system.indexer.start();
    }
  });

  it("refuses to follow another chain or contract than the one it mirrored", async function () {
    const cursor = (await readCursor(t.system.pool))!;
    const wrongGenesis = { ...cursor, genesisHash: "0x" + "11".repeat(32) };
    { const e = await rejection(checkChainIdentity(t.system.provider, wrongGenesis, cursor.ledgerAddress)); expect(e).to.be.instanceOf(ChainMismatchError); expect(e.message).to.match(/restarted or replaced/); }
    const wrongChain = { ...cursor, chainId: 1n };
    { const e = await rejection(checkChainIdentity(t.system.provider, wrongChain, cursor.ledgerAddress)); expect(e).to.be.instanceOf(ChainMismatchError); expect(e.message).to.match(/chain id/); }
    { const e = await rejection(checkChainIdentity(t.system.provider, cursor, "0x" + "22".repeat(20))); expect(e).to.be.instanceOf(ChainMismatchError); expect(e.message).to.match(/LEDGER_ADDRESS/); }
  });
});
