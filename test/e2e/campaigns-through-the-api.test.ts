import { expect } from "chai";
import { waitForLanding } from "../../server/services/wait-for-write.ts";
import { call, newKey, tokenFor, type Answer } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("campaigns through the API: open, donate, retarget, close", function () {
  let t: TestSystem;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });

  const send = (method: string, path: string, body?: object, options: { key?: string; as?: string } = {}) =>
    call(t.baseUrl, method, path, { token: options.as ?? token, headers: { "idempotency-key": options.key ?? newKey("campaigns") }, ...(body ? { body } : {}) });
  const outboxRows = async () => (await t.system.pool.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n as number;
  const landed = (answer: Answer) => waitForLanding({ outbox: t.system.outbox, id: BigInt(answer.body.id) });

  /** The answer is refused with `status`, names `field`, and nothing was written. */
  async function refused(attempt: () => Promise<Answer>, status: number, field: string): Promise<Answer> {
    const before = await outboxRows();
    const answer = await attempt();
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.include(field);
    expect(await outboxRows()).to.equal(before);
    return answer;
  }

  it("follows a campaign from its opening to its closure, each step on-chain and in the mirror, and refuses what the ledger would", async function () {
    this.timeout(120_000);
    const key = newKey("open");
    const body = { title: "Winter coats for Gansu", currency: "CNY", target: "5000000" };
    const opened = await send("POST", "/api/v1/campaigns", body, { key });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(202);
    expect(opened.body).to.include({ kind: "campaign_opening", status: "pending" });
    // A retry is answered as the first time and written once.
    const retried = await send("POST", "/api/v1/campaigns", body, { key });
    expect([retried.status, retried.body.id, retried.headers.get("idempotent-replayed")]).to.deep.equal([202, opened.body.id, "true"]);

    await landed(opened);
    const status = await call(t.baseUrl, "GET", new URL(opened.body.statusUrl).pathname, { token });
    expect(status.body).to.deep.include({ status: "confirmed", recordId: null });
    expect(status.body.event).to.deep.include({ name: "CampaignOpened" });
    const campaignId = status.body.event.args.campaignId as string;
    expect(status.body.event.args).to.deep.include({ orgId: t.demo.foundation.orgId.toString(), currency: "CNY", target: "5000000", title: body.title });
    const mirrored = await t.system.db.campaign.findUniqueOrThrow({ where: { id: BigInt(campaignId) } });
    expect([mirrored.orgId, mirrored.currency, mirrored.target.toFixed(0), mirrored.closedBlock]).to.deep.equal([t.demo.foundation.orgId, "CNY", "5000000", null]);

    const gift = await send("POST", "/api/v1/donations", { campaignId, amount: "120000", channel: "alipay" });
    expect(gift.status, JSON.stringify(gift.body)).to.equal(202);
    await t.waitForWrite(gift.body.id);

    const retarget = await send("PUT", `/api/v1/campaigns/${campaignId}/target`, { target: 8_000_000 });
    expect(retarget.status, JSON.stringify(retarget.body)).to.equal(202);
    expect((await landed(retarget)).event).to.equal("CampaignTargetChanged");
    const ledger = await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/ledger`);
    expect(ledger.body.campaign).to.deep.include({ target: "8000000", closed: false });
    expect(ledger.body.held.now).to.equal("120000");

    // Another organisation's campaign is not this client's to close.
    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    await refused(() => send("POST", `/api/v1/campaigns/${campaignId}/closure`, undefined, { as: partner }), 403, "id");
    await refused(() => send("POST", `/api/v1/campaigns/${"9".repeat(15)}/closure`), 404, "id");

    const closureKey = newKey("close");
    const closure = await send("POST", `/api/v1/campaigns/${campaignId}/closure`, undefined, { key: closureKey });
    expect(closure.status, JSON.stringify(closure.body)).to.equal(202);
    // A second closure while the first is on its way (or already mirrored) is refused at once.
    await refused(() => send("POST", `/api/v1/campaigns/${campaignId}/closure`), 409, "id");
    expect((await landed(closure)).event).to.equal("CampaignClosed");
    expect((await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/ledger`)).body.campaign).to.deep.include({ closed: true, target: "8000000" });

    const late = await refused(() => send("POST", "/api/v1/donations", { campaignId, amount: "500", channel: "cash" }), 409, "campaignId");
    expect(late.body.type).to.equal("urn:donation-ledger:problem:campaign-closed");
    const twice = await refused(() => send("POST", `/api/v1/campaigns/${campaignId}/closure`), 409, "id");
    expect(twice.body.detail).to.match(/already closed/);
    const final = await refused(() => send("PUT", `/api/v1/campaigns/${campaignId}/target`, { target: "1" }), 409, "id");
    expect(final.body.detail).to.match(/target is final/);
    // The closure's retry is still answered as the first time, now that the campaign is closed.
    const closureRetry = await send("POST", `/api/v1/campaigns/${campaignId}/closure`, undefined, { key: closureKey });
    expect([closureRetry.status, closureRetry.body.id, closureRetry.headers.get("write-status")]).to.deep.equal([202, closure.body.id, "confirmed"]);
  });

  it("refuses bad requests naming the field, and writes nothing", async function () {
    this.timeout(60_000);
    const open = (body: object) => send("POST", "/api/v1/campaigns", body);
    for (const currency of ["cny", "CN", "CNYX", "840", ""]) await refused(() => open({ title: "Bad currency", currency }), 400, "currency");
    await refused(() => open({ currency: "CNY" }), 400, "title");
    await refused(() => open({ title: "x".repeat(121), currency: "CNY" }), 400, "title");
    await refused(() => open({ title: "Call 138 0013 8000 to give", currency: "CNY" }), 400, "title");
    for (const target of ["-1", "1.5", 1.5, "abc", (1n << 128n).toString()]) await refused(() => open({ title: "Bad target", currency: "CNY", target }), 400, "target");
    await refused(() => open({ title: "Native", currency: "CNY", asset: "native" }), 400, "asset");
    const campaignId = t.demo.foundation.campaignId.toString();
    await refused(() => send("PUT", `/api/v1/campaigns/${campaignId}/target`, {}), 400, "target");
    await refused(() => send("PUT", `/api/v1/campaigns/not-an-id/target`, { target: "1" }), 400, "id");
    await refused(() => send("POST", `/api/v1/campaigns/${campaignId}/closure`, { now: true }), 400, "now");
    await refused(() => call(t.baseUrl, "POST", "/api/v1/campaigns", { token, body: { title: "No key", currency: "CNY" } }), 400, "Idempotency-Key");
  });
});
