import { expect } from "chai";
import { verifyMirror } from "../../../server/indexer/verify-mirror.ts";
import { ledgerWrites } from "../../support/ledger-writes.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("indexer: campaign targets", function () {
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

  const campaignRow = async (id: bigint) =>
    (await t.system.pool.query(`SELECT target::text, target_block::text FROM campaign WHERE id = $1`, [id])).rows[0] as { target: string; target_block: string | null };
  const history = async (id: bigint) =>
    (await t.system.pool.query(`SELECT target::text, authorised_by FROM campaign_target WHERE campaign_id = $1 ORDER BY block_number, log_index`, [id])).rows;

  it("keeps every change with its chain position, shows the newest on the campaign, and verify finds no difference", async function () {
    this.timeout(60_000);
    const writes = ledgerWrites(t);
    const key = t.demo.foundation.ownKey;
    const ledger = writes.as(key);
    const campaign = await writes.openCampaign(key, t.demo.foundation.orgId, "Targets kept");
    await settled();
    expect(await campaignRow(campaign)).to.deep.equal({ target: "0", target_block: null });

    await writes.send(ledger, "setCampaignTarget", campaign, 5_000_00n);
    const last = await writes.send(ledger, "setCampaignTarget", campaign, 7_500_00n);
    await settled();
    expect(await campaignRow(campaign)).to.deep.equal({ target: "750000", target_block: last.blockNumber.toString() });
    const by = (await key.getAddress()).toLowerCase();
    expect((await history(campaign)).map((r) => [r.target, r.authorised_by.toLowerCase()])).to.deep.equal([
      ["500000", by],
      ["750000", by],
    ]);

    const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider });
    expect(report.differences).to.deep.equal([]);
  });

  it("restores the previous target when a reorganisation drops a change, and the opening target when it drops them all", async function () {
    this.timeout(60_000);
    const writes = ledgerWrites(t);
    const key = t.demo.foundation.ownKey;
    const ledger = writes.as(key);
    const campaign = await writes.openCampaign(key, t.demo.foundation.orgId, "Targets reorganised");
    await settled();
    const beforeAny = await t.system.provider.send("evm_snapshot", []);
    const first = await writes.send(ledger, "setCampaignTarget", campaign, 100n);
    await settled();
    const beforeSecond = await t.system.provider.send("evm_snapshot", []);
    await writes.send(ledger, "setCampaignTarget", campaign, 200n);
    await settled();
    expect((await campaignRow(campaign)).target).to.equal("200");

    await t.system.provider.send("evm_revert", [beforeSecond]);
    for (let i = 0; i < 3; i++) await t.system.provider.send("evm_mine", []);
    await settled();
    expect(await campaignRow(campaign)).to.deep.equal({ target: "100", target_block: first.blockNumber.toString() });
    expect((await history(campaign)).map((r) => r.target)).to.deep.equal(["100"]);

    await t.system.provider.send("evm_revert", [beforeAny]);
    for (let i = 0; i < 5; i++) await t.system.provider.send("evm_mine", []);
    await settled();
    expect(await campaignRow(campaign)).to.deep.equal({ target: "0", target_block: null });
    expect(await history(campaign)).to.deep.equal([]);
  });
});
