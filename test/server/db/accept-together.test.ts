import { randomBytes } from "node:crypto";
import { expect } from "chai";
import type { NewWrite } from "../../../server/db/outbox.ts";
import { call, newKey, tokenFor } from "../../support/http.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

/** Donations sent at the same moment go to the database in groups (server/db/accept-together.ts). */
describe("accepting simultaneous writes together", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("stores each of many simultaneous donations once, and a key sent three times at once is one write", async function () {
    this.timeout(60_000);
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const body = (amount: number) => ({ campaignId: t.demo.foundation.campaignId.toString(), amount: String(amount), channel: "bank" });
    const keys = Array.from({ length: 40 }, () => newKey("together"));
    const repeated = newKey("together-repeated");
    const answers = await Promise.all([
      ...keys.map((key, i) => call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": key }, body: body(300 + i) })),
      ...[1, 2, 3].map(() => call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": repeated }, body: body(999) })),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal(answers.map(() => 202));
    const ids = answers.map((a) => a.body.id as string);
    expect(new Set(ids.slice(0, 40)).size).to.equal(40);
    expect(new Set(ids.slice(40)).size).to.equal(1);
    expect(new Set(answers.slice(40).map((a) => a.body.trackingCode)).size).to.equal(1);

    const { rows } = await t.system.pool.query(
      `SELECT idempotency_key, payload->>'amount' AS amount FROM outbox WHERE client_id = $1 AND idempotency_key = ANY ($2::text[])`,
      [t.demo.foundation.clientId, [...keys, repeated]],
    );
    expect(rows).to.have.length(41);
    const amounts = new Map(rows.map((r) => [r.idempotency_key, r.amount]));
    keys.forEach((key, i) => expect(amounts.get(key)).to.equal(String(300 + i)));
  });

  it("keeps one write's error its own: the others sent with it are stored", async function () {
    this.timeout(60_000);
    const donation = (key: string, campaignId: bigint): NewWrite => {
      const commitment = "0x" + randomBytes(32).toString("hex");
      return {
        clientId: t.demo.foundation.clientId,
        idempotencyKey: key,
        requestHash: randomBytes(32).toString("hex"),
        kind: "donation",
        organisationId: t.demo.foundation.orgId,
        campaignId,
        solo: false,
        payload: { kind: "donation", campaignId: campaignId.toString(), amount: "5", channel: 0, donorCommitment: commitment },
        donorCommitment: commitment,
        delta: 5n,
        checks: {},
      };
    };
    const keys = Array.from({ length: 12 }, () => newKey("together-store"));
    // A campaign id no bigint column holds: the database raises on this write alone.
    const broken = donation(newKey("together-broken"), 2n ** 70n);
    const outcomes = await Promise.allSettled([
      ...keys.slice(0, 6).map((key) => t.system.outbox.accept([donation(key, t.demo.foundation.campaignId)])),
      t.system.outbox.accept([broken]),
      ...keys.slice(6).map((key) => t.system.outbox.accept([donation(key, t.demo.foundation.campaignId)])),
    ]);
    expect(outcomes[6]!.status).to.equal("rejected");
    const stored = outcomes.filter((o, i) => i !== 6).map((o) => (o.status === "fulfilled" ? o.value : o.reason));
    for (const outcome of stored) expect(outcome).to.have.property("stored").with.length(1);
    const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE client_id = $1 AND idempotency_key = ANY ($2::text[])`, [
      t.demo.foundation.clientId,
      [...keys, broken.idempotencyKey],
    ]);
    expect(rows[0].n).to.equal(12);
    // They are real donations: the submitter sends them and they land.
    const last = (stored.at(-1) as { stored: bigint[] }).stored[0]!;
    await t.waitForWrite(last);
  });
});
