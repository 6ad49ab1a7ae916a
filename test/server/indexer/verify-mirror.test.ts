import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { verifyMirror, type Difference } from "../../../server/indexer/verify-mirror.ts";
import { call, newKey, tokenFor } from "../../support/http.ts";
import { getTestSystem, postFoundationGift, settled as settledSystem, type TestSystem } from "../../support/system.ts";

describe("verify: the mirror against the chain", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  const settled = () => settledSystem(t);

  const verify = () => verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider });

  it("finds no difference in an untouched mirror, and agrees with contract storage", async function () {
    this.timeout(60_000);
    await settled();
    const report = await verify();
    expect(report.differences).to.deep.equal([]);
    expect(report.events).to.be.greaterThan(10);
    expect(report.ledgerAddress).to.equal(t.system.ledgerAddress);
  });

  it("names every tampered row (an amount, a recipient, a deleted row, an inserted row, the cursor's hash) with what the chain says", async function () {
    this.timeout(60_000);
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const payout = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token,
      headers: { "idempotency-key": newKey("verify") },
      body: { campaignId: t.demo.foundation.campaignId.toString(), amount: "10", purpose: "programme", recipientRef: "SUP-VERIFY", evidenceSha256: "aa".repeat(32) },
    });
    await t.waitForWrite(payout.body.id);
    await settled();
    const pool = t.system.pool;
    await t.system.indexer.stop(); // the tampered cursor must not send it rolling back
    const { rows: payouts } = await pool.query(`SELECT d.record_id::text, d.amount::text, d.recipient_commitment FROM disbursement d ORDER BY d.record_id LIMIT 2`);
    const { rows: gifts } = await pool.query(`SELECT row_to_json(d) AS row, d.record_id::text FROM donation d ORDER BY d.record_id DESC LIMIT 1`);
    const { rows: cursors } = await pool.query(`SELECT block_hash FROM indexer_cursor`);
    const [paid, other] = payouts;
    const attacker = "0x" + "ad".repeat(32);
    try {
      await pool.query(`UPDATE disbursement SET amount = 1000000000000000 WHERE record_id = $1`, [paid.record_id]);
      // A gift changed by a single minor unit.
      await pool.query(`UPDATE donation SET amount = amount + 1 WHERE record_id = (SELECT min(record_id) FROM donation)`);
      await pool.query(`UPDATE disbursement SET recipient_commitment = $2 WHERE record_id = $1`, [other.record_id, attacker]);
      await pool.query(`DELETE FROM donation WHERE record_id = $1`, [gifts[0].record_id]);
      await pool.query(
        `INSERT INTO donation (record_id, campaign_id, amount, channel, donor_commitment, balance_after, authorised_by, block_number, block_time, tx_hash, log_index)
         VALUES (999999, 1, 1, 0, $1, 1, $2, 1, now(), $1, 0)`,
        ["0x" + "ee".repeat(32), "0x" + "11".repeat(20)],
      );
      await pool.query(`UPDATE indexer_cursor SET block_hash = $1`, ["0x" + "de".repeat(32)]);

      const report = await verify();
      const find = (table: string, key: string) => report.differences.find((d: Difference) => d.table === table && d.key === key);
      expect(find("disbursement", `record_id ${paid.record_id}`)).to.deep.include({
        problem: "changed: amount",
        chain: { amount: paid.amount },
        mirror: { amount: "1000000000000000" },
      });
      expect(find("disbursement", `record_id ${other.record_id}`)).to.deep.include({
        problem: "changed: recipient_commitment",
        chain: { recipient_commitment: other.recipient_commitment },
        mirror: { recipient_commitment: attacker },
      });
      expect(find("donation", `record_id ${gifts[0].record_id}`)?.problem).to.equal("on the chain but missing from the mirror");
      expect(find("donation", "record_id 999999")?.problem).to.equal("in the mirror but not on the chain");
      expect(report.differences.some((d) => d.table === "donation" && d.problem === "changed: amount")).to.equal(true);
      expect(report.differences.find((d) => d.table === "indexer_cursor")?.mirror).to.equal("0x" + "de".repeat(32));
      expect(report.differences.some((d) => d.table === "totals" && d.key === "overall: disbursed")).to.equal(true);

      // The server's own check turns /health red, and the donor's page warns instead of failing
      // (the forged payout is more than the campaign ever held).
      expect((await t.system.verifier.checkNow()).state).to.equal("differences");
      const health = await call(t.baseUrl, "GET", "/health");
      expect(health.status).to.equal(503);
      expect(health.body.verification).to.include({ state: "differences" });
      const trace = await call(t.baseUrl, "GET", `/api/v1/track/${t.demoTrackingCode}`);
      expect(trace.status).to.equal(200);
      expect(trace.body.inconsistent).to.equal(true);
      expect(trace.body.verification.state).to.equal("differences");
      const page = await fetch(`${t.baseUrl}/track/${t.demoTrackingCode}`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain("We cannot vouch for these figures right now");

      // The command says the same and fails.
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify.ts", "--rpc", t.system.rpcUrl, "--database", t.system.databaseUrl], { encoding: "utf8" });
      expect(run.status).to.equal(1);
      expect(run.stdout).to.contain(`DIFFERENCE disbursement record_id ${paid.record_id}: changed: amount`);
    } finally {
      await pool.query(`UPDATE disbursement SET amount = $2 WHERE record_id = $1`, [paid.record_id, paid.amount]);
      await pool.query(`UPDATE donation SET amount = amount - 1 WHERE record_id = (SELECT min(record_id) FROM donation)`);
      await pool.query(`UPDATE disbursement SET recipient_commitment = $2 WHERE record_id = $1`, [other.record_id, other.recipient_commitment]);
      await pool.query(`DELETE FROM donation WHERE record_id = 999999`);
      await pool.query(`INSERT INTO donation SELECT * FROM json_populate_record(NULL::donation, $1)`, [gifts[0].row]);
      await pool.query(`UPDATE indexer_cursor SET block_hash = $1`, [cursors[0].block_hash]);
      t.system.indexer.start();
    }
    await settled();
    expect((await verify()).differences).to.deep.equal([]);
    const after = await t.system.verifier.checkNow();
    expect(after.state).to.equal("ok");
    expect(after.verifiedBlock).to.not.equal(null);
    expect((await call(t.baseUrl, "GET", "/health")).status).to.equal(200);
  });

  it("checks the tail: only the blocks after a checked one, catching a change there and refusing a start block that is gone", async function () {
    this.timeout(60_000);
    await settled();
    const full = await verify();
    expect(full.scope).to.equal("full");
    const reached = { number: BigInt(full.block), hash: full.blockHash };

    const nothingNew = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider, after: reached });
    expect(nothingNew).to.deep.include({ scope: "tail", events: 0, differences: [] });

    const gift = await postFoundationGift(t, "321", "tail");
    expect(gift.status).to.equal(202);
    await t.waitForWrite(gift.body.id);
    await settled();
    const tail = () => verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider, after: reached });
    const clean = await tail();
    expect(clean.scope).to.equal("tail");
    expect(clean.events).to.be.at.least(1);
    expect(clean.events).to.be.lessThan(full.events);
    expect(clean.differences).to.deep.equal([]);

    const pool = t.system.pool;
    const { rows } = await pool.query(`SELECT record_id::text FROM donation WHERE block_number > $1 AND amount = 321`, [reached.number]);
    expect(rows).to.have.length(1);
    await pool.query(`UPDATE donation SET amount = 320 WHERE record_id = $1`, [rows[0].record_id]);
    try {
      const tampered = await tail();
      expect(tampered.differences).to.have.length(1);
      expect(tampered.differences[0]).to.deep.include({ table: "donation", key: `record_id ${rows[0].record_id}`, problem: "changed: amount", chain: { amount: "321" }, mirror: { amount: "320" } });
    } finally {
      await pool.query(`UPDATE donation SET amount = 321 WHERE record_id = $1`, [rows[0].record_id]);
    }

    // A start block the mirror no longer holds as checked (rolled back by a reorganisation): the caller must check everything.
    const gone = verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider, after: { ...reached, hash: "0x" + "00".repeat(32) } });
    await gone.then(
      () => expect.fail("a tail check from a block that is gone must not pass"),
      (error: Error) => expect(error.name).to.equal("TailUnavailableError"),
    );
  });

  it("lists the first differing rows of a table and counts the rest, however many rows were changed", async function () {
    this.timeout(60_000);
    await settled();
    await t.system.indexer.stop();
    const pool = t.system.pool;
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM donation`);
    expect(rows[0].n).to.be.greaterThan(3);
    await pool.query(`UPDATE donation SET amount = amount + 1`);
    try {
      const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider, listedRows: 2 });
      const donations = report.differences.filter((d) => d.table === "donation");
      expect(donations.filter((d) => d.problem === "changed: amount")).to.have.length(2);
      expect(donations.find((d) => d.key === "(more)")).to.deep.include({ problem: `at least ${rows[0].n - 2} more rows differ (the first 2 by key are listed)`, chain: rows[0].n, mirror: rows[0].n });
    } finally {
      await pool.query(`UPDATE donation SET amount = amount - 1`);
      t.system.indexer.start();
    }
  });
});
