import { expect } from "chai";
import { createHash } from "node:crypto";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { countOffChainRows } from "../support/rows.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("refunds and corrections through the API", function () {
  let t: TestSystem;
  let foundation: string;
  let regulator: string;
  let campaignId: bigint;
  let trackingCode: string;
  let donationId: string;

  const post = (token: string, path: string, body?: unknown, key = newKey("refunds")) =>
    call(t.baseUrl, "POST", path, { token, headers: { "idempotency-key": key }, ...(body !== undefined ? { body } : {}) });
  const held = async (id: bigint) => BigInt((await call(t.baseUrl, "GET", `/api/v1/campaigns/${id}/ledger`)).body.held.now);

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    foundation = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const created = await createApiClient({ ...t.system.stores, clientId: `corrections-regulator-${Date.now().toString(36)}`, role: "regulator" });
    regulator = await tokenFor(t.baseUrl, created.clientId, created.secret);
    campaignId = await openFoundationCampaign(t, "Refunds and corrections");
    const gift = await post(foundation, "/api/v1/donations", { campaignId: campaignId.toString(), amount: "5000", channel: "alipay" });
    expect(gift.status).to.equal(202);
    trackingCode = gift.body.trackingCode;
    donationId = await t.waitForWrite(gift.body.id);
  });

  it("refunds part of a gift: the trace shows it refunded, and the campaign paid it", async function () {
    this.timeout(60_000);
    const reason = "Donor gave twice by mistake";
    const refund = await post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "1200", reason });
    expect(refund.status).to.equal(202);
    expect(refund.body.kind).to.equal("refund");
    await t.waitForWrite(refund.body.id);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${refund.body.id}`, { token: foundation });
    expect(status.body.event.name).to.equal("DonationRefunded");
    expect(status.body.event.args.reasonHash).to.equal("0x" + createHash("sha256").update(reason).digest("hex"));
    expect(await held(campaignId)).to.equal(3800n);

    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${trackingCode}`);
    const refunded = trace.body.steps.find((s: { kind: string }) => s.kind === "refunded");
    expect(refunded).to.include({ amount: "1200" });
  });

  it("refuses a refund over what is still refundable (409 with the refundable amount), counting refunds on their way", async function () {
    this.timeout(60_000);
    const before = await countOffChainRows(t.system.pool);
    const over = await post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "3801" });
    expect(over.status).to.equal(409);
    expect(over.body.refundable).to.equal("3800");
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);

    // A refund accepted and not yet mirrored counts: the two together may not exceed the gift.
    const first = await post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "800" });
    expect(first.status).to.equal(202);
    const second = await post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "3001" });
    expect(second.status).to.equal(409);
    expect(second.body.refundable).to.equal("3000");
    await t.waitForWrite(first.body.id);

    // Two refunds sent at the same moment that only fit one at a time: one is taken, the other refused.
    const [a, b] = await Promise.all([
      post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "2000" }),
      post(foundation, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "2000" }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([202, 409]);
    const taken = a.status === 202 ? a : b;
    expect((a.status === 409 ? a : b).body.refundable).to.equal("1000");
    await t.waitForWrite(taken.body.id);
    expect(await held(campaignId)).to.equal(1000n);

    // Not a donation of this campaign: 404.
    expect((await post(foundation, "/api/v1/refunds", { donationId, campaignId: t.demo.foundation.campaignId.toString(), amount: "1" })).status).to.equal(404);
  });

  it("takes a negative correction out at once", async function () {
    this.timeout(60_000);
    const before = await held(campaignId);
    const corrected = await post(foundation, "/api/v1/corrections", { correctedId: donationId, campaignId: campaignId.toString(), delta: "-250", reason: "Bank fee deducted" });
    expect(corrected.status).to.equal(202);
    expect(corrected.body.kind).to.equal("correction");
    await t.waitForWrite(corrected.body.id);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${corrected.body.id}`, { token: foundation });
    expect(status.body.event).to.include({ name: "RecordCorrected" });
    expect(status.body.event.args.delta).to.equal("-250");
    expect(await held(campaignId)).to.equal(before - 250n);
    // A correction of a record that is not in this campaign: 404.
    expect((await post(foundation, "/api/v1/corrections", { correctedId: "999999999", campaignId: campaignId.toString(), delta: "-1", reason: "x" })).status).to.equal(404);
  });

  it("counts a positive correction only once a regulator's client approves it; a charity's client may not", async function () {
    this.timeout(60_000);
    const before = await held(campaignId);
    const corrected = await post(foundation, "/api/v1/corrections", { correctedId: donationId, campaignId: campaignId.toString(), delta: "400", reason: "Cash gift counted short" });
    expect(corrected.status).to.equal(202);
    const correctionId = await t.waitForWrite(corrected.body.id);
    expect(await held(campaignId)).to.equal(before);

    const rows = await countOffChainRows(t.system.pool);
    const byCharity = await post(foundation, `/api/v1/corrections/${correctionId}/approval`);
    expect(byCharity.status).to.equal(403);
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(rows);

    const approved = await post(regulator, `/api/v1/corrections/${correctionId}/approval`);
    expect(approved.status).to.equal(202);
    expect(approved.body.kind).to.equal("correction_approval");
    await t.waitForWrite(approved.body.id);
    const status = await call(t.baseUrl, "GET", `/api/v1/writes/${approved.body.id}`, { token: regulator });
    expect(status.body.event).to.include({ name: "CorrectionApproved" });
    expect(await held(campaignId)).to.equal(before + 400n);

    // Approved once only.
    expect((await post(regulator, `/api/v1/corrections/${correctionId}/approval`)).status).to.equal(409);
  });

  it("does not let a regulator's client write for an organisation", async function () {
    const refund = await post(regulator, "/api/v1/refunds", { donationId, campaignId: campaignId.toString(), amount: "1" });
    expect(refund.status).to.equal(403);
  });
});
