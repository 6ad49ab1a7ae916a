import { createHash } from "node:crypto";
import { expect } from "chai";
import { Contract } from "ethers";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { waitForLanding } from "../../server/services/wait-for-write.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("POST /api/v1/disbursements/{recordId}/confirmation: delivered and signed", function () {
  let t: TestSystem;
  let foundation: string;
  let partner: string;
  let regulator: string;
  let campaignId: string;
  let trackingCode: string;
  const evidence = createHash("sha256").update("delivery note 9").digest("hex");

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    foundation = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const client = await createApiClient({ ...t.system.stores, clientId: `confirm-regulator-${Date.now().toString(36)}`, role: "regulator" });
    regulator = await tokenFor(t.baseUrl, client.clientId, client.secret);
    campaignId = (await openFoundationCampaign(t, "School parcels")).toString();
    const gift = await call(t.baseUrl, "POST", "/api/v1/donations", { token: foundation, headers: { "idempotency-key": newKey("confirm-gift") }, body: { campaignId, amount: "100000", channel: "bank" } });
    expect(gift.status).to.equal(202);
    trackingCode = gift.body.trackingCode;
    await t.waitForWrite(gift.body.id);
  });

  /** A disbursement from the foundation's campaign, mirrored; its record id. */
  async function disburse(amount: string, confirmerOrganisationId?: bigint): Promise<string> {
    const body = { campaignId, amount, purpose: "programme", recipientRef: "PARCEL-RECIPIENT", evidenceSha256: evidence, ...(confirmerOrganisationId ? { confirmerOrganisationId: confirmerOrganisationId.toString() } : {}) };
    const answer = await call(t.baseUrl, "POST", "/api/v1/disbursements", { token: foundation, headers: { "idempotency-key": newKey("confirm-payout") }, body });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    return t.waitForWrite(answer.body.id);
  }

  const confirm = (recordId: string, token: string, key = newKey("confirm")) =>
    call(t.baseUrl, "POST", `/api/v1/disbursements/${recordId}/confirmation`, { token, headers: { "idempotency-key": key } });

  async function expectRefused(answer: Awaited<ReturnType<typeof confirm>>, status: number, field: string, before: number): Promise<void> {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([field]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  }

  it("lets the recipient organisation's own client confirm a disbursement that named it, once, and shows it delivered on the gift's trace", async function () {
    this.timeout(60_000);
    const recordId = await disburse("30000", t.demo.partner.orgId);
    const partnerKey = (await t.system.orgSigners.active(t.demo.partner.orgId))!.address.toLowerCase();
    const row = await t.system.db.disbursement.findUniqueOrThrow({ where: { recordId } });
    expect(row.confirmer).to.equal(partnerKey);
    expect(row.confirmedBy).to.equal(null);

    const key = newKey("confirm-partner");
    const answer = await confirm(recordId, partner, key);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    expect(answer.body).to.include({ kind: "confirmation", status: "pending" });
    const landing = await waitForLanding({ outbox: t.system.outbox, id: BigInt(answer.body.id) });
    expect(landing.event).to.equal("DisbursementConfirmed");

    const status = await call(t.baseUrl, "GET", new URL(answer.body.statusUrl).pathname, { token: partner });
    expect(status.body).to.include({ status: "confirmed", kind: "confirmation", recordId: null });
    expect(status.body.event).to.include({ name: "DisbursementConfirmed" });
    expect(status.body.event.args).to.include({ disbursementId: recordId });
    const confirmed = await t.system.db.disbursement.findUniqueOrThrow({ where: { recordId } });
    expect(confirmed.confirmedBy).to.equal(partnerKey);
    expect(confirmed.confirmedBlock).to.equal(landing.blockNumber);

    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${trackingCode}`);
    const step = trace.body.steps.find((s: { kind: string; recordId?: string }) => s.kind === "disbursed" && s.recordId === recordId);
    expect(step).to.include({ confirmed: true, amount: "30000" });

    // The same request again is answered as the first time; a new confirmation is refused, nothing written.
    const before = await t.system.db.outboxEntry.count();
    const retry = await confirm(recordId, partner, key);
    expect(retry.status).to.equal(202);
    expect(retry.headers.get("idempotent-replayed")).to.equal("true");
    expect(retry.body).to.deep.equal(answer.body);
    await expectRefused(await confirm(recordId, partner), 409, "recordId", before);
    await expectRefused(await confirm(recordId, regulator), 409, "recordId", before);
  });

  it("refuses a second confirmation while the first is still on its way", async function () {
    this.timeout(60_000);
    const recordId = await disburse("1000");
    const [first, second] = [await confirm(recordId, regulator), await confirm(recordId, regulator)];
    expect(first.status).to.equal(202);
    expect(second.status).to.equal(409);
    expect(second.body.errors).to.have.length(1);
    expect(second.body.errors[0].field).to.equal("recordId");
    // Mirrored already if the chain and the indexer were quicker than the second request.
    expect(second.body.errors[0].reason).to.be.oneOf(["a confirmation is already on its way", "already confirmed"]);
    await waitForLanding({ outbox: t.system.outbox, id: BigInt(first.body.id) });
  });

  it("lets a regulator's client confirm as an auditor, with the server's auditor key", async function () {
    this.timeout(60_000);
    const recordId = await disburse("2000");
    const answer = await confirm(recordId, regulator);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    await waitForLanding({ outbox: t.system.outbox, id: BigInt(answer.body.id) });
    const row = await t.system.db.disbursement.findUniqueOrThrow({ where: { recordId } });
    expect(row.confirmer).to.equal(null);
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.provider);
    const auditorRole = await ledger.getFunction("AUDITOR_ROLE")();
    expect(await ledger.getFunction("hasRole")(auditorRole, row.confirmedBy)).to.equal(true);
  });

  it("refuses a charity that is not the disbursement's named confirmer with 403, and an unknown disbursement with 404, writing nothing", async function () {
    this.timeout(60_000);
    const named = await disburse("500", t.demo.partner.orgId);
    const unnamed = await disburse("500");
    const before = await t.system.db.outboxEntry.count();
    // The paying organisation itself, and a recipient the disbursement did not name.
    await expectRefused(await confirm(named, foundation), 403, "recordId", before);
    await expectRefused(await confirm(unnamed, partner), 403, "recordId", before);
    await expectRefused(await confirm("999999999", regulator), 404, "recordId", before);
  });

  it("refuses a disbursement that names the payer itself or an unknown organisation as its confirmer, writing nothing", async function () {
    const before = await t.system.db.outboxEntry.count();
    const body = (confirmerOrganisationId: string) => ({ campaignId, amount: "10", purpose: "programme", recipientRef: "X-1", evidenceSha256: evidence, confirmerOrganisationId });
    const post = (path: string, payload: object) => call(t.baseUrl, "POST", path, { token: foundation, headers: { "idempotency-key": newKey("confirmer") }, body: payload });
    const own = await post("/api/v1/disbursements", body(t.demo.foundation.orgId.toString()));
    expect(own.status, JSON.stringify(own.body)).to.equal(422);
    expect(own.body.errors).to.deep.equal([{ field: "confirmerOrganisationId", reason: "is the paying organisation itself" }]);
    const unknown = await post("/api/v1/disbursements", body("987654321"));
    expect(unknown.status).to.equal(404);
    expect(unknown.body.errors).to.deep.equal([{ field: "confirmerOrganisationId", reason: "no such organisation" }]);
    const inBatch = await post("/api/v1/disbursements/batch", { disbursements: [body(t.demo.partner.orgId.toString()), body(t.demo.foundation.orgId.toString())] });
    expect(inBatch.status).to.equal(422);
    expect(inBatch.body.errors).to.deep.equal([{ field: "disbursements[1].confirmerOrganisationId", reason: "is the paying organisation itself" }]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });
});
