import { createHash } from "node:crypto";
import { expect } from "chai";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("POST /api/v1/disbursements/batch: many disbursements in one request, all or none", function () {
  let t: TestSystem;
  let token: string;
  let first: string;
  let second: string;
  const evidence = createHash("sha256").update("batch invoice").digest("hex");

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    first = (await openFoundationCampaign(t, "Batch payouts A")).toString();
    second = (await openFoundationCampaign(t, "Batch payouts B")).toString();
    for (const campaignId of [first, second]) {
      const gift = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": newKey("batch-gift") }, body: { campaignId, amount: "5000", channel: "bank" } });
      await t.waitForWrite(gift.body.id);
    }
  });

  const post = (key: string, disbursements: unknown) => call(t.baseUrl, "POST", "/api/v1/disbursements/batch", { token, headers: { "idempotency-key": key }, body: { disbursements } });
  const item = (campaignId: string, amount: string, recipientRef: string, extra: object = {}) => ({ campaignId, amount, purpose: "programme", recipientRef, evidenceSha256: evidence, ...extra });

  it("records each disbursement of a batch across two campaigns on-chain as a write of its own, and answers a retry with the same writes", async function () {
    this.timeout(60_000);
    const key = newKey("payouts");
    const disbursements = [
      item(first, "1000", "SUPPLIER-A"),
      item(second, "2000", "SUPPLIER-B"),
      item(first, "1500", "SUPPLIER-C", { confirmerOrganisationId: t.demo.partner.orgId.toString() }),
    ];
    const answer = await post(key, disbursements);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    expect(answer.headers.get("idempotent-replayed")).to.equal("false");
    const writes = answer.body.writes as { id: string; kind: string; status: string; statusUrl: string }[];
    expect(writes).to.have.length(3);
    for (const w of writes) {
      expect(w).to.include({ kind: "disbursement", status: "pending", statusUrl: `${t.baseUrl}/api/v1/writes/${w.id}` });
      expect(w).not.to.have.property("trackingCode");
    }

    const partnerKey = (await t.system.orgSigners.active(t.demo.partner.orgId))!.address.toLowerCase();
    for (const [i, w] of writes.entries()) {
      const recordId = await t.waitForWrite(w.id);
      const row = await t.system.db.disbursement.findUniqueOrThrow({ where: { recordId } });
      expect(row.campaignId.toString()).to.equal(disbursements[i]!.campaignId);
      expect(row.amount.toString()).to.equal(disbursements[i]!.amount);
      expect(row.evidenceHash).to.equal("0x" + evidence);
      expect(row.confirmer).to.equal(i === 2 ? partnerKey : null);
      // The recipient's reference stays off-chain, beside its commitment.
      const reference = await t.system.db.recipientReference.findFirstOrThrow({ where: { commitment: row.recipientCommitment } });
      expect(reference).to.include({ reference: disbursements[i]!.recipientRef, orgId: t.demo.foundation.orgId });
    }

    const before = await t.system.db.outboxEntry.count();
    const again = await post(key, disbursements);
    expect(again.status).to.equal(202);
    expect(again.headers.get("idempotent-replayed")).to.equal("true");
    expect(again.body).to.deep.equal(answer.body);
    // The same key for a changed batch is a different request.
    const changed = await post(key, [disbursements[0], disbursements[1]]);
    expect(changed.status).to.equal(422);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  it("refuses a batch that together asks more of a campaign than it holds, naming the first item that does not fit, and writes nothing", async function () {
    // The first campaign holds 2500 after the batch above.
    const before = await t.system.db.outboxEntry.count();
    const answer = await post(newKey("overspend"), [item(first, "2000", "R-1"), item(second, "100", "R-2"), item(first, "600", "R-3"), item(second, "5000", "R-4")]);
    expect(answer.status).to.equal(409);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body.errors).to.deep.equal([{ field: "disbursements[2].amount", reason: "more than the campaign holds" }]);
    expect(answer.body.available).to.equal("500");
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  it("reads a batch of 500 (larger than other requests may be) and refuses one over 500 or a malformed item with 400", async function () {
    const before = await t.system.db.outboxEntry.count();
    const full = Array.from({ length: 500 }, (_, i) => item(first, "10", `LONG-RECIPIENT-REFERENCE-${String(i).padStart(5, "0")}`));
    const answer = await post(newKey("full"), full);
    // 250 items of 10 fit in 2500: the 251st is the first that does not.
    expect(answer.status, JSON.stringify(answer.body)).to.equal(409);
    expect(answer.body.errors).to.deep.equal([{ field: "disbursements[250].amount", reason: "more than the campaign holds" }]);
    for (const [disbursements, field] of [[[], "disbursements"], [[...full, full[0]], "disbursements"], [[item(first, "1", "OK"), item(first, "1.5", "BAD")], "disbursements.1.amount"]] as const) {
      const refused = await post(newKey("bad"), disbursements);
      expect(refused.status).to.equal(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).to.include(field);
    }
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });
});
