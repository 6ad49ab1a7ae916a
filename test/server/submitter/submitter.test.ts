import { expect } from "chai";
import pg from "pg";
import { donorCommitment } from "../../../server/domain/commitments.ts";
import { call, newKey, tokenFor } from "../../support/http.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

const SUBMITTER_LOCK = 7261000002;

describe("the outbox submitter under trouble", function () {
  let t: TestSystem;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });

  function donate(amount = "700") {
    return call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("submitter") },
      body: { campaignId: t.demo.foundation.campaignId.toString(), amount, channel: "cash" },
    });
  }

  async function mirroredOnce(trackingCode: string): Promise<void> {
    const count = await t.system.db.donation.count({ where: { donorCommitment: donorCommitment(trackingCode) } });
    expect(count).to.equal(1);
  }

  it("re-reads the nonce when another transaction used its key, and sends the writes again exactly once", async function () {
    this.timeout(60_000);
    await t.waitForWrite((await donate()).body.id); // the lane has a cached nonce now
    const signer = (await t.system.orgSigners.active(t.demo.foundation.orgId))!;
    // Someone else (an operator tool, a second server) spends the lane's next nonce.
    await (await signer.sendTransaction({ to: signer.address, value: 0n })).wait();

    const answers = await Promise.all([donate("701"), donate("702"), donate("703")]);
    for (const a of answers) {
      await t.waitForWrite(a.body.id);
      await mirroredOnce(a.body.trackingCode);
    }
  });

  it("replaces a transaction that is not mined in time with a higher fee at the same nonce", async function () {
    this.timeout(60_000);
    await t.system.provider.send("evm_setAutomine", [false]);
    let answer;
    try {
      answer = await donate("704");
      let entry;
      for (let i = 0; i < 200; i++) {
        entry = await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(answer.body.id) } });
        if (entry.txHashes.length >= 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(entry!.status).to.equal("submitted");
      expect(entry!.txHashes.length).to.be.at.least(2);
      expect(entry!.txHash).to.equal(entry!.txHashes.at(-1));
    } finally {
      await t.system.provider.send("evm_setAutomine", [true]);
      await t.system.provider.send("evm_mine", []);
    }
    await t.waitForWrite(answer.body.id);
    await mirroredOnce(answer.body.trackingCode);
    const entry = await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(answer.body.id) } });
    const receipt = await t.system.provider.send("eth_getTransactionReceipt", [entry.txHash]);
    expect(receipt.status).to.equal("0x1");
  });

  it("stops sending when it loses its lock, and resumes once it holds it again", async function () {
    this.timeout(60_000);
    const other = new pg.Client({ connectionString: t.system.databaseUrl });
    await other.connect();
    try {
      const { rows } = await other.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [SUBMITTER_LOCK % 2 ** 32]);
      expect(rows).to.have.length(1);
      // Another submitter takes the lock the moment it is free: asked in the same statement as the
      // termination, it is first in the queue, before the submitter's own attempt to take it back.
      await other.query(`SELECT pg_terminate_backend($1), pg_advisory_lock($2)`, [rows[0].pid, SUBMITTER_LOCK]);
      for (let i = 0; i < 100 && t.system.submitter.status().lockHeld; i++) await new Promise((r) => setTimeout(r, 20));
      expect(t.system.submitter.status().lockHeld).to.equal(false);

      const answer = await donate("705");
      await new Promise((r) => setTimeout(r, 600));
      const waiting = await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(answer.body.id) } });
      expect(waiting.status).to.equal("pending");

      await other.query(`SELECT pg_advisory_unlock($1)`, [SUBMITTER_LOCK]);
      await t.waitForWrite(answer.body.id);
      expect(t.system.submitter.status().lockHeld).to.equal(true);
    } finally {
      await other.end();
    }
  });
});
