import { expect } from "chai";
import { Contract, type ContractTransactionReceipt } from "ethers";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";
import { ledgerWrites } from "../../support/ledger-writes.ts";

describe("indexer and chain reorganisations", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  async function settled(): Promise<bigint> {
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    return head;
  }

  it("rolls the mirror back to the common ancestor and follows the new branch", async function () {
    // Writes of earlier tests must be on-chain first: the dropped branch holds only this test's transaction.
    while ((await t.system.db.outboxEntry.count({ where: { status: { in: ["pending", "submitted"] } } })) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await settled();
    const orgId = t.demo.partner.orgId;
    const snapshot = await t.system.provider.send("evm_snapshot", []);
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.registrar!);
    const tx = await ledger.getFunction("suspendOrganisation")(orgId);
    const receipt = await tx.wait();
    const removedBlock = BigInt(receipt.blockNumber);
    await settled();
    const suspended = await t.system.db.organisation.findUniqueOrThrow({ where: { id: orgId } });
    expect(suspended.suspendedBlock).to.equal(removedBlock);

    // The block with the suspension is dropped; a longer branch without it takes its place.
    await t.system.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 3; i++) await t.system.provider.send("evm_mine", []);
    const head = await settled();
    expect(head).to.be.greaterThan(removedBlock);

    const after = await t.system.db.organisation.findUniqueOrThrow({ where: { id: orgId } });
    expect(after.suspendedBlock).to.equal(null);
    const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM ledger_event WHERE tx_hash = $1`, [receipt.hash]);
    expect(rows[0].n).to.equal(0);
    const cursor = await t.system.db.indexerCursor.findUniqueOrThrow({ where: { id: 1 } });
    const canonical = await t.system.provider.send("eth_getBlockByNumber", ["0x" + cursor.blockNumber.toString(16), false]);
    expect(cursor.blockHash).to.equal(canonical.hash);
  });

  it("rolls the allocation back too: slices taken and grants settled on the dropped branch are undone, and lots hold what they held", async function () {
    this.timeout(60_000);
    const { ZeroAddress, ZeroHash, id } = await import("ethers");
    const { openFoundationCampaign } = await import("../../support/system.ts");
    const writes = ledgerWrites(t);
    const foundation = writes.as(t.demo.foundation.ownKey);
    const partner = writes.as(t.demo.partner.ownKey);
    const recordOf = (receipt: ContractTransactionReceipt | null) => writes.recordOf(receipt!);
    const campaign = await openFoundationCampaign(t, "Reorganised allocation");
    const gift = recordOf(await (await foundation.getFunction("recordDonation")(campaign, 100n, 1, id("reorg gift"))).wait());
    const grant = recordOf(await (await foundation.getFunction("makeGrant")(campaign, t.demo.partner.campaignId, 60n, ZeroHash)).wait());
    await settled();
    const held = async () => (await t.system.pool.query(`SELECT held::text FROM lot WHERE record = $1`, [gift.toString()])).rows[0].held;
    const grantSlice = async () =>
      (await t.system.pool.query(`SELECT gs.outcome FROM slice LEFT JOIN grant_settlement gs ON gs.grant_id = slice.movement WHERE slice.movement = $1`, [grant.toString()])).rows[0].outcome;
    expect(await held()).to.equal("40");

    const snapshot = await t.system.provider.send("evm_snapshot", []);
    await (await partner.getFunction("refuseGrant")(grant, ZeroHash)).wait(); // 60 back to the gift's lot
    await (await foundation.getFunction("recordDisbursement")([campaign, id("r"), 30n, 0, id("e"), ZeroAddress, ZeroAddress])).wait();
    await settled();
    expect(await held()).to.equal("70");
    expect(await grantSlice()).to.equal("refused");

    await t.system.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 4; i++) await t.system.provider.send("evm_mine", []);
    await settled();
    expect(await held()).to.equal("40");
    expect(await grantSlice()).to.equal(null);
    const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM slice WHERE origin = $1`, [gift.toString()]);
    expect(rows[0].n).to.equal(1);
  });
  it("rolls the flow sums back too: what the dropped blocks added is taken away, and what is left is what the events give", async function () {
    this.timeout(60_000);
    const { ZeroAddress, ZeroHash, id } = await import("ethers");
    const { openFoundationCampaign } = await import("../../support/system.ts");
    const { flowSumsAndRebuild } = await import("../../support/rows.ts");
    const writes = ledgerWrites(t);
    const foundation = writes.as(t.demo.foundation.ownKey);
    const partner = writes.as(t.demo.partner.ownKey);
    const recordOf = (receipt: ContractTransactionReceipt | null) => writes.recordOf(receipt!);
    const campaign = await openFoundationCampaign(t, "Reorganised flow sums");
    const partnerCampaign = t.demo.partner.campaignId;
    await (await foundation.getFunction("recordDonation")(campaign, 100n, 0, id("flow reorg gift"))).wait();
    const grant = recordOf(await (await foundation.getFunction("makeGrant")(campaign, partnerCampaign, 60n, ZeroHash)).wait());
    await settled();
    const sums = async () =>
      (
        await t.system.pool.query(
          `SELECT campaign_id::text, kind, counterpart, amount::text, count::int FROM flow_daily
            WHERE campaign_id = $1 OR (campaign_id = $2 AND counterpart = $3) ORDER BY campaign_id = $2, kind, counterpart`,
          [campaign, partnerCampaign, campaign.toString()],
        )
      ).rows;
    const before = await sums();
    const c = campaign.toString();
    expect(before).to.deep.equal([
      { campaign_id: c, kind: "donation", counterpart: "bank", amount: "100", count: 1 },
      { campaign_id: c, kind: "grant_out", counterpart: partnerCampaign.toString(), amount: "60", count: 1 },
    ]);

    const snapshot = await t.system.provider.send("evm_snapshot", []);
    await (await partner.getFunction("acknowledgeGrant")(grant)).wait();
    await (await foundation.getFunction("recordDonation")(campaign, 7n, 1, id("flow reorg gift 2"))).wait();
    await (await foundation.getFunction("recordDonation")(campaign, 3n, 0, id("flow reorg gift 3"))).wait();
    await (await foundation.getFunction("recordDisbursement")([campaign, id("r"), 30n, 1, id("e"), ZeroAddress, ZeroAddress])).wait();
    await settled();
    const p = partnerCampaign.toString();
    expect(await sums()).to.deep.equal([
      { campaign_id: c, kind: "disbursement", counterpart: "administration", amount: "30", count: 1 },
      { campaign_id: c, kind: "donation", counterpart: "alipay", amount: "7", count: 1 },
      { campaign_id: c, kind: "donation", counterpart: "bank", amount: "103", count: 2 },
      { campaign_id: c, kind: "grant_acknowledged", counterpart: p, amount: "60", count: 1 },
      { campaign_id: c, kind: "grant_out", counterpart: p, amount: "60", count: 1 },
      { campaign_id: p, kind: "grant_in", counterpart: c, amount: "60", count: 1 },
    ]);

    await t.system.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 5; i++) await t.system.provider.send("evm_mine", []);
    await settled();
    expect(await sums()).to.deep.equal(before);
    const { kept, rebuilt } = await flowSumsAndRebuild(t.system.pool);
    expect(kept).to.deep.equal(rebuilt);
  });
});

describe("writes confirmed in blocks a reorganisation removed", function () {
  it("are checked again and recorded on the new branch exactly once", async function () {
    this.timeout(60_000);
    const t = await getTestSystem();
    const { call, newKey, tokenFor } = await import("../../support/http.ts");
    const { donorCommitment } = await import("../../../server/domain/commitments.ts");
    const token = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    while ((await t.system.db.outboxEntry.count({ where: { status: { in: ["pending", "submitted"] } } })) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const snapshot = await t.system.provider.send("evm_snapshot", []);
    const gift = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("reorg") },
      body: { campaignId: t.demo.partner.campaignId.toString(), amount: "4242", channel: "cash" },
    });
    const firstRecord = await t.waitForWrite(gift.body.id);
    const first = await t.system.db.donation.findUniqueOrThrow({ where: { recordId: firstRecord } });

    // The block with the gift is dropped (its transaction with it); a longer branch takes its place.
    await t.system.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 3; i++) await t.system.provider.send("evm_mine", []);

    // The mirror rolls back, the submitter re-checks the write and sends the same transaction again.
    let again: string | undefined;
    for (let i = 0; i < 400 && !again; i++) {
      const d = await t.system.db.donation.findFirst({ where: { donorCommitment: donorCommitment(gift.body.trackingCode) } });
      if (d && d.blockNumber !== first.blockNumber) again = d.recordId.toFixed();
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(again, "the gift was not recorded again on the new branch").to.not.equal(undefined);
    expect(await t.system.db.donation.count({ where: { donorCommitment: donorCommitment(gift.body.trackingCode) } })).to.equal(1);
    const entry = await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(gift.body.id) } });
    expect(entry.txHash).to.equal(first.txHash);
    // The mirror may hold the record a moment before the submitter has seen its receipt.
    expect(await t.waitForWrite(gift.body.id)).to.equal(again);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${gift.body.id}`, { token });
    expect(status.body).to.include({ status: "confirmed", recordId: again });
  });
});
