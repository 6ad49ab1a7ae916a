import { expect } from "chai";
import { createHash } from "node:crypto";
import { call, newKey, tokenFor } from "../support/http.ts";
import { countOffChainRows } from "../support/rows.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

/** Grants between the demo's two organisations, each through its own API client. */
describe("grants through the API: made by the sender's client, settled by the receiver's", function () {
  let t: TestSystem;
  let foundation: string;
  let partner: string;
  let campaignId: bigint;
  let trackingCode: string;

  const post = (token: string, path: string, body?: unknown, key = newKey("grants")) =>
    call(t.baseUrl, "POST", path, { token, headers: { "idempotency-key": key }, ...(body !== undefined ? { body } : {}) });
  const held = async (id: bigint) => BigInt((await call(t.baseUrl, "GET", `/api/v1/campaigns/${id}/ledger`)).body.held.now);

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    foundation = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    // A campaign of its own, holding one gift, so other suites' writes do not move its balance.
    campaignId = await openFoundationCampaign(t, "Grants through the API");
    const gift = await post(foundation, "/api/v1/donations", { campaignId: campaignId.toString(), amount: "10000", channel: "bank" });
    expect(gift.status).to.equal(202);
    trackingCode = gift.body.trackingCode;
    await t.waitForWrite(gift.body.id);
  });

  it("grants to the partner, the partner's own client acknowledges, and the donor's trace shows it acknowledged", async function () {
    this.timeout(60_000);
    const memo = "Relief kits for the river district";
    const made = await post(foundation, "/api/v1/grants", {
      fromCampaignId: campaignId.toString(),
      toCampaignId: t.demo.partner.campaignId.toString(),
      amount: "6000",
      memo,
    });
    expect(made.status).to.equal(202);
    expect(made.body.kind).to.equal("grant");
    const grantId = await t.waitForWrite(made.body.id);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${made.body.id}`, { token: foundation });
    expect(status.body.event.name).to.equal("GrantMade");
    // Only the memo's SHA-256 is on-chain.
    expect(status.body.event.args.memoHash).to.equal("0x" + createHash("sha256").update(memo).digest("hex"));
    expect(await held(campaignId)).to.equal(4000n);
    const partnerBefore = await held(t.demo.partner.campaignId);

    const ack = await post(partner, `/api/v1/grants/${grantId}/acknowledgement`);
    expect(ack.status).to.equal(202);
    expect(ack.body.kind).to.equal("grant_acknowledgement");
    const settlementId = await t.waitForWrite(ack.body.id);
    const ackStatus = await call(t.baseUrl, "GET", `/api/v1/writes/${ack.body.id}`, { token: partner });
    expect(ackStatus.body).to.deep.include({ status: "confirmed", recordId: settlementId });
    expect(ackStatus.body.event).to.include({ name: "GrantAcknowledged" });
    expect(await held(t.demo.partner.campaignId)).to.equal(partnerBefore + 6000n);

    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${trackingCode}`);
    const granted = trace.body.steps.find((s: { kind: string }) => s.kind === "granted");
    expect(granted).to.include({ amount: "6000", acknowledged: true, refused: false });
    expect(granted.toOrganisation.name).to.equal("Harbour Community Partners");

    // A second acknowledgement would fail on-chain: refused now, nothing written.
    const before = await countOffChainRows(t.system.pool);
    const again = await post(partner, `/api/v1/grants/${grantId}/acknowledgement`);
    expect(again.status).to.equal(409);
    expect(again.body.detail).to.match(new RegExp(`Grant ${grantId} was already acknowledged`));
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);
    // A refusal of it now is refused the same way.
    expect((await post(partner, `/api/v1/grants/${grantId}/refusal`, { reason: "changed our mind" })).status).to.equal(409);
  });

  it("refuses a second acknowledgement while the first is still on its way, and answers a retry as the first time", async function () {
    this.timeout(60_000);
    const made = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: t.demo.partner.campaignId.toString(), amount: "500" });
    const grantId = await t.waitForWrite(made.body.id);
    const key = newKey("ack");
    const first = await post(partner, `/api/v1/grants/${grantId}/acknowledgement`, undefined, key);
    expect(first.status).to.equal(202);
    const second = await post(partner, `/api/v1/grants/${grantId}/acknowledgement`);
    expect(second.status).to.equal(409);
    expect(second.body.detail).to.match(/already (being settled|acknowledged)/);
    await t.waitForWrite(first.body.id);
    const retry = await post(partner, `/api/v1/grants/${grantId}/acknowledgement`, undefined, key);
    expect(retry.status).to.equal(202);
    expect(retry.body.id).to.equal(first.body.id);
    expect(retry.headers.get("idempotent-replayed")).to.equal("true");
  });

  it("accepts one of two settlements sent at the same moment and refuses the other (409)", async function () {
    this.timeout(60_000);
    const made = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: t.demo.partner.campaignId.toString(), amount: "200" });
    const grantId = await t.waitForWrite(made.body.id);
    const answers = await Promise.all([
      post(partner, `/api/v1/grants/${grantId}/acknowledgement`),
      post(partner, `/api/v1/grants/${grantId}/refusal`, { reason: "sent twice" }),
      post(foundation, `/api/v1/grants/${grantId}/refusal`, {}),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([202, 409, 409]);
    const accepted = answers.find((a) => a.status === 202)!;
    await t.waitForWrite(accepted.body.id);
  });

  it("refuses an acknowledgement by the sending organisation's client (403), writing nothing", async function () {
    this.timeout(60_000);
    const made = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: t.demo.partner.campaignId.toString(), amount: "100" });
    const grantId = await t.waitForWrite(made.body.id);
    const before = await countOffChainRows(t.system.pool);
    const ack = await post(foundation, `/api/v1/grants/${grantId}/acknowledgement`);
    expect(ack.status).to.equal(403);
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);
    // An unknown grant is 404.
    expect((await post(partner, `/api/v1/grants/999999999/acknowledgement`)).status).to.equal(404);
  });

  it("returns the money to the sender when the receiver refuses a grant", async function () {
    this.timeout(60_000);
    const sentBefore = await held(campaignId);
    const partnerBefore = await held(t.demo.partner.campaignId);
    const made = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: t.demo.partner.campaignId.toString(), amount: "700" });
    const grantId = await t.waitForWrite(made.body.id);
    expect(await held(campaignId)).to.equal(sentBefore - 700n);

    const reason = "Outside our programme area";
    const refused = await post(partner, `/api/v1/grants/${grantId}/refusal`, { reason });
    expect(refused.status).to.equal(202);
    expect(refused.body.kind).to.equal("grant_refusal");
    await t.waitForWrite(refused.body.id);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${refused.body.id}`, { token: partner });
    expect(status.body.event.name).to.equal("GrantRefused");
    expect(status.body.event.args.reasonHash).to.equal("0x" + createHash("sha256").update(reason).digest("hex"));

    // Back with the sender; the partner's campaign never counted it.
    expect(await held(campaignId)).to.equal(sentBefore);
    expect(await held(t.demo.partner.campaignId)).to.equal(partnerBefore);
    const settlement = await t.system.db.grantSettlement.findFirstOrThrow({ where: { grantId } });
    expect(settlement).to.include({ outcome: "refused", campaignId });
  });

  it("lets the sender withdraw a pending grant", async function () {
    this.timeout(60_000);
    const sentBefore = await held(campaignId);
    const made = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: t.demo.partner.campaignId.toString(), amount: "300" });
    const grantId = await t.waitForWrite(made.body.id);
    const withdrawn = await post(foundation, `/api/v1/grants/${grantId}/refusal`, {});
    expect(withdrawn.status).to.equal(202);
    await t.waitForWrite(withdrawn.body.id);
    expect(await held(campaignId)).to.equal(sentBefore);
  });

  it("refuses at once a grant larger than the campaign holds (409), and one to the organisation's own campaign", async function () {
    const before = await countOffChainRows(t.system.pool);
    const holds = await held(campaignId);
    const tooMuch = await post(foundation, "/api/v1/grants", {
      fromCampaignId: campaignId.toString(),
      toCampaignId: t.demo.partner.campaignId.toString(),
      amount: (holds + 1n).toString(),
    });
    expect(tooMuch.status).to.equal(409);
    expect(tooMuch.body.available).to.equal(holds.toString());

    const own = await post(foundation, "/api/v1/grants", {
      fromCampaignId: campaignId.toString(),
      toCampaignId: t.demo.foundation.campaignId.toString(),
      amount: "10",
    });
    expect(own.status).to.be.within(400, 499);
    expect(own.body.errors[0].field).to.equal("toCampaignId");

    const unknown = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: "999999999", amount: "10" });
    expect(unknown.status).to.equal(404);
    // A memo holding what looks like a phone number is refused: memos must not hold personal data.
    const personal = await post(foundation, "/api/v1/grants", {
      fromCampaignId: campaignId.toString(),
      toCampaignId: t.demo.partner.campaignId.toString(),
      amount: "10",
      memo: "call 13812345678",
    });
    expect(personal.status).to.equal(400);
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);
  });
});
