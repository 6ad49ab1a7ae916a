import { expect } from "chai";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("POST /api/v1/donations/batch: many donations in one request, all or none", function () {
  let t: TestSystem;
  let token: string;
  let campaignId: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    campaignId = t.demo.foundation.campaignId.toString();
  });

  const post = (key: string, donations: unknown) => call(t.baseUrl, "POST", "/api/v1/donations/batch", { token, headers: { "idempotency-key": key }, body: { donations } });

  it("accepts each donation as a write of its own, with its own tracking code, and records each once on-chain", async function () {
    this.timeout(60_000);
    const key = newKey("batch");
    const donations = [
      { campaignId, amount: "1101", channel: "bank", donorReference: "batch-donor-1" },
      { campaignId, amount: "1102", channel: "alipay" },
      { campaignId, amount: "1103", channel: "cash" },
    ];
    const answer = await post(key, donations);
    expect(answer.status).to.equal(202);
    expect(answer.headers.get("idempotent-replayed")).to.equal("false");
    const writes = answer.body.writes as { id: string; kind: string; status: string; statusUrl: string; trackingCode: string; trackingUrl: string }[];
    expect(writes).to.have.length(3);
    expect(new Set(writes.map((w) => w.trackingCode)).size).to.equal(3);
    // Ids in the batch's order.
    expect(writes.map((w) => BigInt(w.id))).to.deep.equal(writes.map((w) => BigInt(w.id)).sort((a, b) => (a < b ? -1 : 1)));
    for (const w of writes) {
      expect(w).to.include({ kind: "donation", status: "pending" });
      expect(w.statusUrl).to.equal(`${t.baseUrl}/api/v1/writes/${w.id}`);
      expect(w.trackingUrl).to.equal(`${t.baseUrl}/track/${w.trackingCode}`);
    }
    for (const w of writes) await t.waitForWrite(w.id);
    for (const [i, w] of writes.entries()) {
      const trace = await call(t.baseUrl, "GET", `/api/v1/track/${w.trackingCode}`);
      expect(trace.status).to.equal(200);
      expect(trace.body.status).to.equal("confirmed");
      expect(trace.body.amount).to.equal(donations[i]!.amount);
    }
    // The donor's reference is kept off-chain for the first one only, and linked to its own write.
    const links = await t.system.pool.query(`SELECT outbox_id::text, donor_reference FROM donor_link WHERE outbox_id = ANY($1::bigint[])`, [writes.map((w) => w.id)]);
    expect(links.rows).to.deep.equal([{ outbox_id: writes[0]!.id, donor_reference: "batch-donor-1" }]);

    // The same batch again: the first answer, nothing new written.
    const before = await t.system.db.outboxEntry.count();
    const again = await post(key, donations);
    expect(again.status).to.equal(202);
    expect(again.headers.get("idempotent-replayed")).to.equal("true");
    expect(again.body).to.deep.equal(answer.body);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);

    // The same key for another batch, longer or changed: refused, nothing written.
    for (const other of [[...donations, { campaignId, amount: "5", channel: "bank" }], donations.slice(0, 2), [{ ...donations[0]!, amount: "9999" }, donations[1], donations[2]]]) {
      const refused = await post(key, other);
      expect(refused.status).to.equal(422);
      expect(await t.system.db.outboxEntry.count()).to.equal(before);
    }
  });

  it("stores a batch sent twice at the same moment once, and answers both with the same writes", async function () {
    const key = newKey("race");
    const donations = Array.from({ length: 50 }, (_, i) => ({ campaignId, amount: String(200 + i), channel: "wechat_pay" }));
    const before = await t.system.db.outboxEntry.count();
    const [a, b] = await Promise.all([post(key, donations), post(key, donations)]);
    expect([a.status, b.status]).to.deep.equal([202, 202]);
    expect(a.body).to.deep.equal(b.body);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).to.deep.equal(["false", "true"]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before + 50);
  });

  it("refuses the whole batch when one donation is for another organisation's campaign, naming it, and writes nothing", async function () {
    const before = await t.system.db.outboxEntry.count();
    const answer = await post(newKey("mixed"), [
      { campaignId, amount: "10", channel: "bank" },
      { campaignId: t.demo.partner.campaignId.toString(), amount: "11", channel: "bank" },
    ]);
    expect(answer.status).to.equal(403);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body.errors).to.deep.equal([{ field: "donations[1].campaignId", reason: "belongs to another organisation" }]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  it("refuses an empty batch, one over 500, and a malformed item with 400 naming the field", async function () {
    const before = await t.system.db.outboxEntry.count();
    const over = Array.from({ length: 501 }, () => ({ campaignId, amount: "1", channel: "bank" }));
    for (const [donations, field] of [[[], "donations"], [over, "donations"], [[{ campaignId, amount: "1", channel: "bank" }, { campaignId, amount: "-1", channel: "bank" }], "donations.1.amount"]] as const) {
      const answer = await post(newKey("bad"), donations);
      expect(answer.status).to.equal(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).to.include(field);
    }
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });
});
