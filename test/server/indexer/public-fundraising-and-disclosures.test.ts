import { expect } from "chai";
import { sha256, toUtf8Bytes } from "ethers";
import { ledgerAdmin } from "../../../server/chain/ledger-admin.ts";
import { verifyMirror } from "../../../server/indexer/verify-mirror.ts";
import { ledgerWrites } from "../../support/ledger-writes.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("indexer: public-fundraising status and disclosures", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  async function settled(): Promise<void> {
    while ((await t.system.db.outboxEntry.count({ where: { status: { in: ["pending", "submitted"] } } })) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await t.system.indexer.waitForBlock(BigInt(await t.system.provider.send("eth_blockNumber", [])));
  }

  const statusRows = async (orgId: bigint) =>
    (
      await t.system.pool.query(
        `SELECT p.qualified, p.block_number::text, p.tx_hash, p.log_index, p.block_time = b.timestamp AS timed
           FROM public_fundraising p JOIN chain_block b ON b.number = p.block_number
          WHERE p.org_id = $1 ORDER BY p.block_number, p.log_index`,
        [orgId],
      )
    ).rows;
  const disclosureRows = async (campaignId: bigint) =>
    (
      await t.system.pool.query(
        `SELECT extract(epoch FROM d.covers_from)::bigint::text AS covers_from, extract(epoch FROM d.covers_to)::bigint::text AS covers_to,
                d.document_hash, d.final, d.org_id::text, d.authorised_by, d.block_number::text, d.block_time = b.timestamp AS timed
           FROM disclosure d JOIN chain_block b ON b.number = d.block_number
          WHERE d.campaign_id = $1 ORDER BY d.block_number, d.log_index`,
        [campaignId],
      )
    ).rows;
  /** A new organisation with no keys: the registrar's status concerns only it. */
  const registered = async (name: string, registrationNumber: string) =>
    (await ledgerAdmin(t.system.ledgerAddress, t.system.registrar!).registerOrganisation({ kind: 3, registrationNumber, name })).id;
  const latestTime = async () => BigInt((await t.system.provider.getBlock("latest"))!.timestamp);

  it("keeps each status change and each disclosure with its chain position and block time, and verify finds no difference", async function () {
    this.timeout(60_000);
    const writes = ledgerWrites(t);
    const asRegistrar = writes.as(t.system.registrar!);
    const key = t.demo.foundation.ownKey;
    const orgId = await registered("Status Kept Supplies Ltd", "91310000MA1STATUS1");
    const on = await writes.send(asRegistrar, "setPublicFundraising", orgId, true);
    const off = await writes.send(asRegistrar, "setPublicFundraising", orgId, false);

    const campaign = await writes.openCampaign(key, t.demo.foundation.orgId, "Disclosures kept");
    const to = await latestTime();
    const document = sha256(toUtf8Bytes("Disclosures kept: funds raised"));
    const published = await writes.send(writes.as(key), "publishDisclosure", campaign, to - 86_400n, to, document, true);
    await settled();

    expect(await statusRows(orgId)).to.deep.equal([
      { qualified: true, block_number: on.blockNumber.toString(), tx_hash: on.hash, log_index: on.logs[0]!.index, timed: true },
      { qualified: false, block_number: off.blockNumber.toString(), tx_hash: off.hash, log_index: off.logs[0]!.index, timed: true },
    ]);
    expect(await disclosureRows(campaign)).to.deep.equal([
      {
        covers_from: (to - 86_400n).toString(),
        covers_to: to.toString(),
        document_hash: document,
        final: true,
        org_id: t.demo.foundation.orgId.toString(),
        authorised_by: (await key.getAddress()).toLowerCase(),
        block_number: published.blockNumber.toString(),
        timed: true,
      },
    ]);

    const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider });
    expect(report.differences).to.deep.equal([]);
  });

  it("verify reports a disclosure or a status the mirror altered, row by row", async function () {
    this.timeout(60_000);
    const writes = ledgerWrites(t);
    const campaign = await writes.openCampaign(t.demo.foundation.ownKey, t.demo.foundation.orgId, "Disclosure tampered");
    const to = await latestTime();
    await writes.send(writes.as(t.demo.foundation.ownKey), "publishDisclosure", campaign, to, to, sha256(toUtf8Bytes("tampered")), false);
    const orgId = await registered("Status Tampered Ltd", "91310000MA1STATUS2");
    await writes.send(writes.as(t.system.registrar!), "setPublicFundraising", orgId, true);
    await settled();
    await t.system.pool.query(`UPDATE disclosure SET final = true, covers_from = covers_from - interval '1 year' WHERE campaign_id = $1`, [campaign]);
    await t.system.pool.query(`UPDATE public_fundraising SET qualified = false WHERE org_id = $1`, [orgId]);
    try {
      const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider });
      const found = report.differences.map((d) => [d.table, d.problem]);
      expect(found).to.deep.include.members([
        ["disclosure", "changed: final, covers_from"],
        ["public_fundraising", "changed: qualified"],
      ]);
    } finally {
      await t.system.pool.query(`UPDATE disclosure SET final = false, covers_from = covers_to WHERE campaign_id = $1`, [campaign]);
      await t.system.pool.query(`UPDATE public_fundraising SET qualified = true WHERE org_id = $1`, [orgId]);
    }
  });

  it("drops the changes and disclosures a reorganisation removed, and keeps those below it", async function () {
    this.timeout(60_000);
    const writes = ledgerWrites(t);
    const key = t.demo.foundation.ownKey;
    const asRegistrar = writes.as(t.system.registrar!);
    const orgId = await registered("Status Reorganised Ltd", "91310000MA1STATUS3");
    const campaign = await writes.openCampaign(key, t.demo.foundation.orgId, "Disclosures reorganised");
    const to = await latestTime();
    await writes.send(asRegistrar, "setPublicFundraising", orgId, true);
    await writes.send(writes.as(key), "publishDisclosure", campaign, to, to, sha256(toUtf8Bytes("kept")), false);
    await settled();
    const snapshot = await t.system.provider.send("evm_snapshot", []);
    await writes.send(asRegistrar, "setPublicFundraising", orgId, false);
    await writes.send(writes.as(key), "publishDisclosure", campaign, to, to, sha256(toUtf8Bytes("dropped")), true);
    await settled();
    expect((await statusRows(orgId)).map((r) => r.qualified)).to.deep.equal([true, false]);
    expect((await disclosureRows(campaign)).map((r) => r.final)).to.deep.equal([false, true]);

    await t.system.provider.send("evm_revert", [snapshot]);
    for (let i = 0; i < 4; i++) await t.system.provider.send("evm_mine", []);
    await settled();
    expect((await statusRows(orgId)).map((r) => r.qualified)).to.deep.equal([true]);
    expect((await disclosureRows(campaign)).map((r) => r.document_hash)).to.deep.equal([sha256(toUtf8Bytes("kept"))]);
  });
});
