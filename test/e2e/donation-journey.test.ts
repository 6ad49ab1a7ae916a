import { createHash } from "node:crypto";
import { expect } from "chai";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("a gift end to end: API → outbox → chain → mirror → trace", function () {
  let t: TestSystem;
  let token: string;
  let campaignId: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    campaignId = t.demo.foundation.campaignId.toString();
  });

  it("records a donation and a disbursement and shows both on the gift's trace", async function () {
    const opened = { id: await openFoundationCampaign(t, "Winter coats") };

    const donation = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey() },
      body: { campaignId: opened.id.toString(), amount: "123456", channel: "alipay", donorReference: "donor-77" },
    });
    expect(donation.status).to.equal(202);
    expect(donation.body.status).to.equal("pending");
    expect(donation.body.trackingCode).to.match(/^DN-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(donation.headers.get("location")).to.equal(donation.body.statusUrl);
    // Both links are absolute, so a client follows them as they are.
    expect(donation.body.statusUrl).to.equal(`${t.baseUrl}/api/v1/writes/${donation.body.id}`);
    expect(donation.body.trackingUrl).to.equal(`${t.baseUrl}/track/${donation.body.trackingCode}`);
    await t.waitForWrite(donation.body.id);

    const evidence = createHash("sha256").update("invoice 42").digest("hex");
    const payout = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token,
      headers: { "idempotency-key": newKey() },
      body: { campaignId: opened.id.toString(), amount: 100000, purpose: "programme", recipientRef: "SUPPLIER-7", evidenceSha256: evidence },
    });
    expect(payout.status).to.equal(202);
    await t.waitForWrite(payout.body.id);

    const status = await call(t.baseUrl, "GET", new URL(payout.body.statusUrl).pathname, { token });
    expect(status.body).to.include({ status: "confirmed", kind: "disbursement" });
    expect(status.body.txHash).to.match(/^0x[0-9a-f]{64}$/);

    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${donation.body.trackingCode.toLowerCase()}`);
    expect(trace.status).to.equal(200);
    expect(trace.body).to.include({ status: "confirmed", amount: "123456", currency: "CNY", unspent: "23456" });
    expect(trace.body.organisation.name).to.equal("Sunrise Children's Foundation");
    expect(trace.body.steps.map((s: { kind: string }) => s.kind)).to.deep.equal(["donated", "recorded", "disbursed"]);
    const [, recorded, disbursed] = trace.body.steps;
    expect(recorded.amount).to.equal("123456");
    expect(Number(recorded.chain.blockNumber)).to.be.greaterThan(0);
    expect(recorded.chain.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(disbursed).to.include({ amount: "100000", disbursementAmount: "100000", purpose: "programme" });
    // The recipient is on the ledger only as a keyed commitment; its plain reference stays off-chain.
    expect(disbursed.recipientCommitment).to.match(/^0x[0-9a-f]{64}$/);
    const reference = await t.system.db.recipientReference.findFirstOrThrow({ where: { commitment: disbursed.recipientCommitment } });
    expect(reference).to.include({ reference: "SUPPLIER-7", orgId: t.demo.foundation.orgId });
    expect(disbursed.evidenceSha256).to.equal("0x" + evidence);
    expect(disbursed.chain.txHash).to.equal(status.body.txHash);
    expect(BigInt(trace.body.asOfBlock)).to.be.at.least(BigInt(disbursed.chain.blockNumber));
  });

  it("records a donation posted twice with one idempotency key once", async function () {
    const key = newKey("twice");
    const body = { campaignId, amount: "5000", channel: "cash" };
    const first = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body });
    const second = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body });
    expect(first.status).to.equal(202);
    expect(second.status).to.equal(202);
    expect(second.body).to.deep.equal(first.body);
    expect(second.headers.get("idempotent-replayed")).to.equal("true");
    await t.waitForWrite(first.body.id);
    // Once it is on the chain, a retry still gets the first answer, and the status now beside it.
    const third = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body });
    expect(third.status).to.equal(202);
    expect(third.body).to.deep.equal(first.body);
    expect(third.headers.get("write-status")).to.equal("confirmed");
    expect(first.headers.get("write-status")).to.equal("pending");
    const onChain = await t.system.db.donation.count({ where: { txHash: (await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(first.body.id) } })).txHash! } });
    expect(onChain).to.equal(1);
    expect(await t.system.db.outboxEntry.count({ where: { idempotencyKey: key } })).to.equal(1);
  });

  it("refuses the same idempotency key for a different request (422) and writes nothing", async function () {
    const key = newKey("reuse");
    const first = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body: { campaignId, amount: "700", channel: "bank" } });
    expect(first.status).to.equal(202);
    const before = await t.system.db.outboxEntry.count();
    const second = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body: { campaignId, amount: "701", channel: "bank" } });
    expect(second.status).to.equal(422);
    expect(second.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  it("refuses a donation for another organisation's campaign with 403 and writes nothing", async function () {
    const before = await t.system.db.outboxEntry.count();
    const answer = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey() },
      body: { campaignId: t.demo.partner.campaignId.toString(), amount: "1000", channel: "bank" },
    });
    expect(answer.status).to.equal(403);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ status: 403 });
    expect(answer.body.errors).to.deep.equal([{ field: "campaignId", reason: "belongs to another organisation" }]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  describe("malformed bodies get 400 problem+json naming the field, and nothing is written", function () {
    const cases: [string, unknown, string, RegExp][] = [
      ["missing amount", { campaignId: "1", channel: "bank" }, "amount", /required/],
      ["missing channel", { campaignId: "1", amount: "10" }, "channel", /required/],
      ["negative amount", { campaignId: "1", amount: "-5", channel: "bank" }, "amount", /greater than zero/],
      ["negative number amount", { campaignId: "1", amount: -5, channel: "bank" }, "amount", /greater than zero/],
      ["zero amount", { campaignId: "1", amount: "0", channel: "bank" }, "amount", /greater than zero/],
      ["fractional amount", { campaignId: "1", amount: 10.5, channel: "bank" }, "amount", /whole number/],
      ["fractional string amount", { campaignId: "1", amount: "10.50", channel: "bank" }, "amount", /whole number/],
      ["amount of 2^128, above a ledger balance", { campaignId: "1", amount: (1n << 128n).toString(), channel: "bank" }, "amount", /at most 2\^128-1/],
      ["unsafe JSON number", { campaignId: "1", amount: 2 ** 60, channel: "bank" }, "amount", /string/],
      ["amount of wrong type", { campaignId: "1", amount: true, channel: "bank" }, "amount", /whole number/],
      ["campaignId of wrong type", { campaignId: [1], amount: "10", channel: "bank" }, "campaignId", /positive integer/],
      ["unknown channel", { campaignId: "1", amount: "10", channel: "paypal" }, "channel", /one of/],
      ["unknown field", { campaignId: "1", amount: "10", channel: "bank", donorName: "Li Lei" }, "donorName", /not a known field/],
    ];
    for (const [name, body, field, reason] of cases) {
      it(name, async function () {
        const before = await t.system.db.outboxEntry.count();
        const answer = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": newKey() }, body });
        expect(answer.status).to.equal(400);
        expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
        expect(answer.body).to.include({ status: 400, title: "The request is not valid" });
        const problem = answer.body.errors.find((e: { field: string }) => e.field === field);
        expect(problem, JSON.stringify(answer.body)).to.not.equal(undefined);
        expect(problem.reason).to.match(reason);
        expect(await t.system.db.outboxEntry.count()).to.equal(before);
      });
    }

    it("a body that is not JSON", async function () {
      const answer = await call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": newKey() }, rawBody: "{amount: 5" });
      expect(answer.status).to.equal(400);
      expect(answer.body.detail).to.match(/not valid JSON/);
    });

    it("a disbursement with a malformed evidence hash and no recipient", async function () {
      const answer = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
        token,
        headers: { "idempotency-key": newKey() },
        body: { campaignId, amount: "10", purpose: "programme", evidenceSha256: "abc" },
      });
      expect(answer.status).to.equal(400);
      const fields = answer.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).to.deep.equal(["evidenceSha256", "recipientRef"]);
    });

    it("a write without an Idempotency-Key", async function () {
      const answer = await call(t.baseUrl, "POST", "/api/v1/donations", { token, body: { campaignId, amount: "10", channel: "bank" } });
      expect(answer.status).to.equal(400);
      expect(answer.body.errors[0]).to.deep.equal({ field: "Idempotency-Key", reason: "the Idempotency-Key header is required for writes" });
    });
  });

  it("refuses a disbursement the campaign cannot pay at once (409) and writes nothing", async function () {
    const before = await t.system.db.outboxEntry.count();
    const answer = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token,
      headers: { "idempotency-key": newKey() },
      body: { campaignId, amount: "999999999999", purpose: "administration", recipientRef: "STAFF-1", evidenceSha256: "ab".repeat(32) },
    });
    expect(answer.status).to.equal(409);
    expect(answer.body.errors).to.deep.equal([{ field: "amount", reason: "more than the campaign holds" }]);
    expect(await t.system.db.outboxEntry.count()).to.equal(before);
  });

  describe("authentication", function () {
    it("refuses writes without a token (401 with WWW-Authenticate)", async function () {
      const answer = await call(t.baseUrl, "POST", "/api/v1/donations", { headers: { "idempotency-key": newKey() }, body: {} });
      expect(answer.status).to.equal(401);
      expect(answer.headers.get("www-authenticate")).to.match(/^Bearer/);
    });

    it("refuses a wrong client secret", async function () {
      const answer = await call(t.baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: t.demo.foundation.clientId, client_secret: "nope" } });
      expect(answer.status).to.equal(401);
    });

    it("refuses an unsigned token (alg none) and a token for another audience", async function () {
      const jwt = (await import("jsonwebtoken")).default;
      const unsigned = jwt.sign({ role: "charity", org: "1" }, "", { algorithm: "none", subject: "x" } as never);
      const otherAudience = jwt.sign({ role: "charity", org: "1" }, t.system.tokens.secret, { subject: "x", issuer: t.system.tokens.issuer, audience: "elsewhere" });
      for (const bad of [unsigned, otherAudience]) {
        const answer = await call(t.baseUrl, "POST", "/api/v1/donations", { token: bad, headers: { "idempotency-key": newKey() }, body: {} });
        expect(answer.status).to.equal(401);
      }
    });
  });

  it("answers unknown and mistyped tracking codes with problems", async function () {
    const unknown = await call(t.baseUrl, "GET", "/api/v1/track/DN-0000-0000-0000-0000");
    expect(unknown.status).to.equal(404);
    const code: string = t.demoTrackingCode;
    const typo = code.slice(0, -1) + (code.endsWith("A") ? "B" : "A");
    const mistyped = await call(t.baseUrl, "GET", `/api/v1/track/${typo}`);
    expect(mistyped.status).to.equal(400);
    expect(mistyped.body.errors[0].reason).to.match(/mistyped/);
  });

  it("reports both heads and the database on /health", async function () {
    const answer = await call(t.baseUrl, "GET", "/health");
    expect(answer.status).to.equal(200);
    expect(answer.body.status).to.equal("ok");
    expect(answer.body.database.status).to.equal("ok");
    expect(BigInt(answer.body.chain.head)).to.be.at.least(BigInt(answer.body.indexer.indexedBlock));
  });
});

describe("many gifts at once", function () {
  it("are sent in shared transactions, each recorded exactly once with its own record id", async function () {
    this.timeout(120_000);
    const t = await getTestSystem();
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const campaignId = t.demo.foundation.campaignId.toString();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(t.baseUrl, "POST", "/api/v1/donations", {
          token,
          headers: { "idempotency-key": newKey("burst") },
          body: { campaignId, amount: String(100 + i), channel: "wechat_pay" },
        }),
      ),
    );
    expect(answers.every((a) => a.status === 202)).to.equal(true);
    const recordIds = new Map<string, string>();
    for (const a of answers) recordIds.set(a.body.id, await t.waitForWrite(a.body.id));
    expect(new Set(recordIds.values()).size).to.equal(40);
    const entries = await t.system.db.outboxEntry.findMany({ where: { id: { in: answers.map((a) => BigInt(a.body.id)) } } });
    const transactions = new Set(entries.map((e) => e.txHash));
    expect(transactions.size).to.be.lessThan(40);
    for (const e of entries) {
      const mirrored = await t.system.db.donation.findUniqueOrThrow({ where: { recordId: recordIds.get(e.id.toString())! } });
      expect(mirrored.txHash).to.equal(e.txHash);
      expect(mirrored.donorCommitment).to.equal(e.donorCommitment);
      expect(mirrored.amount.toFixed()).to.equal((e.payload as { amount: string }).amount);
      // Each organisation's writes are authorised by its own key, which the chain shows.
      expect(mirrored.authorisedBy).to.equal(e.sender);
    }
  });
});
