import { expect } from "chai";
import { Contract, ZeroHash, id } from "ethers";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("a gift passed on to another organisation and partly refunded", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("shows the grant with the receiving organisation, the refund, and what is still held", async function () {
    const operator = t.demo.foundation.ownKey;
    const opened = { id: await openFoundationCampaign(t, "Shared relief fund") };
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const gift = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey() },
      body: { campaignId: opened.id.toString(), amount: "10000", channel: "bank" },
    });
    const donationId = BigInt(await t.waitForWrite(gift.body.id));

    // The charity's own key passes 6,000 on to the partner and refunds 1,500 of the gift.
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, operator);
    const grant = await (await ledger.getFunction("makeGrant")(opened.id, t.demo.partner.campaignId, 6000n, id("memo: relief kits"))).wait();
    const refund = await (await ledger.getFunction("refundDonation")(donationId, opened.id, 1500n, ZeroHash)).wait();
    await t.system.indexer.waitForBlock(BigInt(refund.blockNumber));

    let trace = await call(t.baseUrl, "GET", `/api/v1/track/${gift.body.trackingCode}`);
    expect(trace.body.steps.map((s: { kind: string }) => s.kind)).to.deep.equal(["donated", "recorded", "granted", "refunded"]);
    expect(trace.body.steps[2]).to.include({ amount: "6000", grantAmount: "6000", acknowledged: false, refused: false });

    // The partner acknowledges with its own key: only now does the grant count in its campaign.
    const grantId = ledger.interface.parseLog(grant.logs.find((l: { address: string }) => l.address.toLowerCase() === t.system.ledgerAddress))!.args.recordId;
    const partnerLedger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.demo.partner.ownKey);
    const ack = await (await partnerLedger.getFunction("acknowledgeGrant")(grantId)).wait();
    await t.system.indexer.waitForBlock(BigInt(ack.blockNumber));
    const settlement = await t.system.db.grantSettlement.findFirstOrThrow({ where: { grantId: grantId.toString() } });
    expect(settlement).to.include({ outcome: "acknowledged", campaignId: t.demo.partner.campaignId, authorisedBy: (await t.demo.partner.ownKey.getAddress()).toLowerCase() });

    trace = await call(t.baseUrl, "GET", `/api/v1/track/${gift.body.trackingCode}`);
    const granted = trace.body.steps[2];
    expect(granted).to.include({ amount: "6000", grantAmount: "6000", acknowledged: true });
    expect(granted.toOrganisation.name).to.equal("Harbour Community Partners");
    expect(granted.toCampaign.title).to.equal("Flood relief kits");
    expect(trace.body.steps[3]).to.include({ amount: "1500" });
    expect(trace.body.unspent).to.equal("2500");

    const page = await fetch(`${t.baseUrl}/track/${gift.body.trackingCode}`);
    const html = await page.text();
    expect(html).to.match(/Passed on to <span lang="en">Harbour Community Partners<\/span>/);
    expect(html).to.contain("Returned to you");
  });
});
