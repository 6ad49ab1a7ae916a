import { expect } from "chai";
import { waitForLanding } from "../../server/services/wait-for-write.ts";
import { pdfFile } from "../support/evidence-files.ts";
import { call, newKey, tokenFor, type Answer } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

describe("disclosures through the API: published by a campaign's organisation, read by anyone", function () {
  let t: TestSystem;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });

  const send = (method: string, path: string, body?: object, options: { key?: string; as?: string } = {}) =>
    call(t.baseUrl, method, path, { token: options.as ?? token, headers: { "idempotency-key": options.key ?? newKey("disclosures") }, ...(body ? { body } : {}) });
  const outboxRows = async () => (await t.system.pool.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n as number;
  /** A UTC calendar day `daysAgo` before today, as YYYY-MM-DD. */
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const seconds = (iso: string) => String(Date.parse(iso) / 1000);

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

  it("publishes an interim disclosure and, after the campaign closed, the final one: each on-chain, in the mirror and in the public list, newest first", async function () {
    this.timeout(120_000);
    const campaignId = (await openFoundationCampaign(t, "Disclosed coats")).toString();
    const uploaded = await call(t.baseUrl, "POST", "/api/v1/evidence?filename=disclosure.pdf", {
      token,
      rawBody: pdfFile(newKey("disclosure")),
      headers: { "content-type": "application/pdf" },
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(201);
    const documentSha256 = uploaded.body.sha256 as string;

    // Dates cover whole days, UTC: the first second of the first, the last of the last.
    const key = newKey("interim");
    const body = { coversFrom: day(30), coversTo: day(1), documentSha256 };
    const interim = await send("POST", `/api/v1/campaigns/${campaignId}/disclosures`, body, { key });
    expect(interim.status, JSON.stringify(interim.body)).to.equal(202);
    expect(interim.body).to.include({ kind: "disclosure", status: "pending" });
    // A retry is answered as the first time and written once; the same key for another body is refused.
    const retried = await send("POST", `/api/v1/campaigns/${campaignId}/disclosures`, body, { key });
    expect([retried.status, retried.body.id, retried.headers.get("idempotent-replayed")]).to.deep.equal([202, interim.body.id, "true"]);
    await refused(() => send("POST", `/api/v1/campaigns/${campaignId}/disclosures`, { ...body, final: true }, { key }), 422, "Idempotency-Key");

    const landed = await waitForLanding({ outbox: t.system.outbox, id: BigInt(interim.body.id) });
    const status = await call(t.baseUrl, "GET", new URL(interim.body.statusUrl).pathname, { token });
    expect(status.body).to.deep.include({ status: "confirmed", recordId: null });
    expect(status.body.event.name).to.equal("DisclosurePublished");
    expect(status.body.event.args).to.deep.include({
      campaignId,
      orgId: t.demo.foundation.orgId.toString(),
      coversFrom: seconds(`${day(30)}T00:00:00Z`),
      coversTo: seconds(`${day(1)}T23:59:59Z`),
      documentHash: documentSha256,
      final: "false",
    });

    const closure = await send("POST", `/api/v1/campaigns/${campaignId}/closure`);
    expect(closure.status, JSON.stringify(closure.body)).to.equal(202);
    await waitForLanding({ outbox: t.system.outbox, id: BigInt(closure.body.id) });
    // A date and time with its offset; the period may end this very minute, no later. The chain's
    // clock, not this machine's: a node behind RPC_URL may run behind the wall clock.
    const chainNow = (await t.system.provider.getBlock("latest"))!.timestamp * 1000;
    const end = new Date(Math.min(Date.now(), chainNow) - 60_000);
    end.setUTCMilliseconds(0);
    const endInBeijing = new Date(end.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + "+08:00";
    const final = await send("POST", `/api/v1/campaigns/${campaignId}/disclosures`, { coversFrom: day(30), coversTo: endInBeijing, documentSha256, final: true });
    expect(final.status, JSON.stringify(final.body)).to.equal(202);
    const finalLanded = await waitForLanding({ outbox: t.system.outbox, id: BigInt(final.body.id) });

    const list = await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/disclosures`);
    expect(list.status).to.equal(200);
    expect(list.headers.get("cache-control")).to.equal("no-store");
    expect(list.body.campaign).to.deep.equal({ id: campaignId, organisationId: t.demo.foundation.orgId.toString() });
    const by = (await t.demo.foundation.ownKey.getAddress()).toLowerCase();
    expect(list.body.disclosures.items.map((d: { final: boolean; coversTo: string }) => [d.final, d.coversTo])).to.deep.equal([
      [true, end.toISOString().replace(".000Z", "Z")],
      [false, `${day(1)}T23:59:59Z`],
    ]);
    const [newest, older] = list.body.disclosures.items;
    expect(older).to.deep.include({ coversFrom: `${day(30)}T00:00:00Z`, documentSha256, final: false });
    expect(older.authorisedBy).to.match(/^0x[0-9a-f]{40}$/).and.not.equal(by); // the server-held key, not the charity's own
    expect(older.chain).to.deep.equal({ blockNumber: landed.blockNumber.toString(), txHash: landed.txHash, logIndex: landed.logIndex });
    expect(newest.chain).to.deep.equal({ blockNumber: finalLanded.blockNumber.toString(), txHash: finalLanded.txHash, logIndex: finalLanded.logIndex });
    const block = await t.system.provider.getBlock(finalLanded.blockNumber);
    expect(newest.publishedAt).to.equal(new Date(block!.timestamp * 1000).toISOString().replace(".000Z", "Z"));

    // A page at a time, newest first.
    const first = await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/disclosures?limit=1`);
    expect(first.body.disclosures.items).to.deep.equal([newest]);
    const second = await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/disclosures?limit=1&cursor=${first.body.disclosures.next}`);
    expect([second.body.disclosures.items, second.body.disclosures.next]).to.deep.equal([[older], null]);
  });

  it("refuses at once what the ledger would refuse, naming the field, and writes nothing", async function () {
    this.timeout(60_000);
    const campaignId = t.demo.foundation.campaignId.toString();
    const documentSha256 = "ab".repeat(32);
    const publish = (body: object, options: { as?: string; campaign?: string } = {}) =>
      send("POST", `/api/v1/campaigns/${options.campaign ?? campaignId}/disclosures`, body, options.as ? { as: options.as } : {});
    const good = { coversFrom: day(10), coversTo: day(3), documentSha256 };

    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    await refused(() => publish(good, { as: partner }), 403, "id");
    await refused(() => publish(good, { campaign: "9".repeat(15) }), 404, "id");
    const backwards = await refused(() => publish({ ...good, coversFrom: day(3), coversTo: day(10) }), 422, "coversTo");
    expect(backwards.body.detail).to.match(/ends .* before it starts/);
    await refused(() => publish({ ...good, coversTo: day(-1) }), 422, "coversTo");
    // Today is not over yet: as coversTo a date means its last second.
    await refused(() => publish({ ...good, coversTo: day(0) }), 422, "coversTo");

    for (const coversFrom of ["2026-13-01", "2026-02-30", "yesterday", "2026-01-01T10:00", "2026-01-01T10:00:00.5Z", "1969-12-31", 20260101]) {
      await refused(() => publish({ ...good, coversFrom }), 400, "coversFrom");
    }
    for (const hash of ["xyz", "0".repeat(64), "ab".repeat(31)]) await refused(() => publish({ ...good, documentSha256: hash }), 400, "documentSha256");
    await refused(() => publish({ coversFrom: day(10), coversTo: day(3) }), 400, "documentSha256");
    await refused(() => publish({ ...good, final: "yes" }), 400, "final");
    await refused(() => publish({ ...good, amount: "1" }), 400, "amount");
    await refused(() => send("POST", "/api/v1/campaigns/not-an-id/disclosures", good), 400, "id");
    await refused(() => call(t.baseUrl, "POST", `/api/v1/campaigns/${campaignId}/disclosures`, { token, body: good }), 400, "Idempotency-Key");
    expect((await call(t.baseUrl, "POST", `/api/v1/campaigns/${campaignId}/disclosures`, { headers: { "idempotency-key": newKey("anon") }, body: good })).status).to.equal(401);
    expect((await call(t.baseUrl, "GET", `/api/v1/campaigns/${"9".repeat(15)}/disclosures`)).status).to.equal(404);
    expect((await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/disclosures?cursor=nonsense`)).status).to.equal(400);
  });

  it("lists the demo's disclosure: the foundation disclosed its campaign's funds from the first gift to the payout", async function () {
    const list = await call(t.baseUrl, "GET", `/api/v1/campaigns/${t.demo.foundation.campaignId}/disclosures`);
    expect(list.status).to.equal(200);
    expect(list.body.disclosures.items.length).to.be.at.least(1);
    const demo = list.body.disclosures.items.at(-1);
    expect(demo.final).to.equal(false);
    expect(Date.parse(demo.coversFrom)).to.be.at.most(Date.parse(demo.coversTo));
  });
});
