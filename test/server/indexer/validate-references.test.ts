import { expect } from "chai";
import { Contract, Wallet, ZeroHash } from "ethers";
import { DEV_ROLES, devAccount } from "../../../server/chain/dev-accounts.ts";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { call, newKey, tokenFor } from "../../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../../support/system.ts";

describe("references the contract leaves to the mirror", function () {
  let t: TestSystem;
  let ledger: Contract;
  let campaignId: bigint;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    campaignId = await openFoundationCampaign(t, "References");
    ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.demo.foundation.ownKey);
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });

  async function give(amount: string): Promise<{ recordId: bigint; trackingCode: string }> {
    const answer = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("refs") },
      body: { campaignId: campaignId.toString(), amount, channel: "bank" },
    });
    return { recordId: BigInt(await t.waitForWrite(answer.body.id)), trackingCode: answer.body.trackingCode };
  }

  async function mined(sent: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<void> {
    const receipt = await (await sent).wait();
    await t.system.indexer.waitForBlock(BigInt(receipt!.blockNumber));
  }

  async function flagsOf(recordId: bigint): Promise<string[]> {
    const rows = await t.system.db.recordFlag.findMany({ where: { recordId: recordId.toString() } });
    return rows.map((r) => r.rule);
  }

  it("flags an over-refund, which takes only what its own donation held and nothing from the next donor", async function () {
    const first = await give("1000");
    const second = await give("1000");
    await mined(ledger.getFunction("refundDonation")(first.recordId, campaignId, 600n, ZeroHash));
    await mined(ledger.getFunction("refundDonation")(first.recordId, campaignId, 600n, ZeroHash));
    const refunds = await t.system.db.refund.findMany({ where: { donationId: first.recordId.toString() }, orderBy: { recordId: "asc" } });
    expect(await flagsOf(BigInt(refunds[0]!.recordId.toFixed()))).to.deep.equal([]);
    expect(await flagsOf(BigInt(refunds[1]!.recordId.toFixed()))).to.deep.equal(["refund-exceeds-donation"]);

    const trace = (await call(t.baseUrl, "GET", `/api/v1/track/${first.trackingCode}`)).body;
    expect(trace.steps.filter((s: { kind: string }) => s.kind === "refunded").map((s: { amount: string }) => s.amount)).to.deep.equal(["600", "400"]);
    expect(trace.unspent).to.equal("0");
    expect(trace.flagged).to.deep.equal([
      { recordId: refunds[1]!.recordId.toFixed(), kind: "refund", amount: "600", shortfall: "200", reason: trace.flagged[0].reason },
    ]);
    const other = (await call(t.baseUrl, "GET", `/api/v1/track/${second.trackingCode}`)).body;
    expect(other.unspent).to.equal("1000");
    expect(other.steps.map((s: { kind: string }) => s.kind)).to.deep.equal(["donated", "recorded"]);
    const page = await (await fetch(`${t.baseUrl}/track/${first.trackingCode}`)).text();
    expect(page).to.contain("Flagged records");
    // The page says it in its own words, with the amount in the reader's format.
    expect(page).to.contain("takes <strong>CN¥2.00</strong> more than your gift still held: it is invalid");
  });

  it("flags refunds and corrections that cite a record of another kind or campaign, and confirmations of what is not a disbursement", async function () {
    const gift = await give("500");
    const partnerGift = await t.system.db.donation.findFirstOrThrow({ where: { campaignId: t.demo.foundation.campaignId } });
    // A refund citing another campaign's donation, and one citing a grant-less record id of no donation.
    await mined(ledger.getFunction("refundDonation")(BigInt(partnerGift.recordId.toFixed()), campaignId, 10n, ZeroHash));
    const correctionOfOther = ledger.getFunction("correctRecord")(BigInt(partnerGift.recordId.toFixed()), campaignId, -5n, ZeroHash);
    await mined(correctionOfOther);
    const withinRecord = ledger.getFunction("correctRecord")(gift.recordId, campaignId, -499n, ZeroHash);
    await mined(withinRecord);
    const auditor = new Wallet(devAccount(DEV_ROLES.auditor, t.system.provider).privateKey, t.system.provider);
    const asAuditor = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, auditor);
    await mined(asAuditor.getFunction("confirmDisbursement")(gift.recordId));

    const refund = await t.system.db.refund.findFirstOrThrow({ where: { campaignId }, orderBy: { recordId: "desc" } });
    expect(await flagsOf(BigInt(refund.recordId.toFixed()))).to.deep.equal(["refund-other-campaign"]);
    const corrections = await t.system.db.correction.findMany({ where: { campaignId }, orderBy: { recordId: "asc" } });
    expect(await flagsOf(BigInt(corrections[0]!.recordId.toFixed()))).to.deep.equal(["correction-other-campaign"]);
    expect(await flagsOf(BigInt(corrections[1]!.recordId.toFixed()))).to.deep.equal([]);
    expect(await flagsOf(gift.recordId)).to.deep.equal(["confirmation-not-disbursement"]);
  });

  it("lists every flagged record in public, newest first, with where it is on the chain", async function () {
    const answer = await call(t.baseUrl, "GET", "/api/v1/flags?limit=500");
    expect(answer.status).to.equal(200);
    const rules = answer.body.flagged.map((f: { rule: string }) => f.rule);
    expect(rules).to.include.members(["refund-exceeds-donation", "refund-other-campaign", "correction-other-campaign", "confirmation-not-disbursement"]);
    for (const f of answer.body.flagged) expect(f.chain.txHash).to.match(/^0x[0-9a-f]{64}$/);
    const blocks = answer.body.flagged.map((f: { chain: { blockNumber: string } }) => BigInt(f.chain.blockNumber));
    expect([...blocks].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).to.deep.equal(blocks);
    const bad = await call(t.baseUrl, "GET", "/api/v1/flags?limit=0");
    expect(bad.status).to.equal(400);
    expect(bad.headers.get("content-type")).to.match(/application\/problem\+json/);
  });
});
