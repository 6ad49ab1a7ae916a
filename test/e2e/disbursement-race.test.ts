import { expect } from "chai";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign } from "../support/system.ts";

describe("donations and disbursements racing on one campaign", function () {
  it("accept a disbursement only when the money is there, each donation counted once, so no accepted write fails on-chain", async function () {
    this.timeout(180_000);
    const t = await getTestSystem();
    const opened = { id: await openFoundationCampaign(t, "Race") };
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const post = (route: string, body: object) =>
      call(t.baseUrl, "POST", route, { token, headers: { "idempotency-key": newKey("race") }, body: { campaignId: opened.id.toString(), ...body } });

    // Rounds of gifts and payouts interleaved, so payouts are checked while gifts are pending,
    // submitted, mined but not mirrored, and mirrored.
    const accepted: { id: string; kind: string }[] = [];
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([
        ...Array.from({ length: 8 }, () => post("/api/v1/donations", { amount: "100", channel: "bank" })),
        ...Array.from({ length: 10 }, () => post("/api/v1/disbursements", { amount: "100", purpose: "programme", recipientRef: "RACE-1", evidenceSha256: "ef".repeat(32) })),
      ]);
      for (const a of answers) {
        if (a.status === 202) accepted.push({ id: a.body.id, kind: a.body.kind });
        else {
          expect(a.status).to.equal(409);
          expect(a.body.title).to.equal("The campaign cannot pay this");
          refused++;
        }
      }
    }
    expect(refused).to.be.greaterThan(0);
    for (const write of accepted) await t.waitForWrite(write.id); // rejects if any failed on-chain
    const payouts = accepted.filter((w) => w.kind === "disbursement").length;
    expect(payouts).to.be.at.most(48);
    const campaign = await t.system.db.disbursement.count({ where: { campaignId: opened.id } });
    expect(campaign).to.equal(payouts);
  });
});
