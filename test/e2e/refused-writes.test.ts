import { expect } from "chai";
import { Contract } from "ethers";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign } from "../support/system.ts";

describe("writes the chain refuses after the API accepted them", function () {
  it("end as failed with the contract's reason, each on its own, and the next writes go through", async function () {
    this.timeout(120_000);
    const t = await getTestSystem();
    const operator = t.demo.foundation.ownKey;
    const opened = { id: await openFoundationCampaign(t, "Closing soon") };
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);

    // Hold the submitter while the campaign closes on-chain behind the API's back.
    await t.system.submitter.stop();
    const accepted = [];
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await call(t.baseUrl, "POST", "/api/v1/donations", {
          token,
          headers: { "idempotency-key": newKey("late") },
          body: { campaignId: opened.id.toString(), amount: "500", channel: "cash" },
        });
        expect(answer.status).to.equal(202);
        accepted.push(answer.body);
      }
      const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, operator);
      await (await ledger.getFunction("closeCampaign")(opened.id)).wait();
    } finally {
      await t.system.submitter.start();
    }
    const ok = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("after") },
      body: { campaignId: t.demo.foundation.campaignId.toString(), amount: "800", channel: "cash" },
    });

    for (const write of accepted) {
      let status;
      for (let tries = 0; tries < 400; tries++) {
        status = await call(t.baseUrl, "GET", new URL(write.statusUrl).pathname, { token });
        if (status.body.status === "failed") break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(status!.body.status).to.equal("failed");
      expect(status!.body.error).to.deep.include({ error: "LedgerCampaignClosed", message: `Campaign ${opened.id} is closed.` });
      expect(status!.body.recordId).to.equal(null);
    }
    await t.waitForWrite(ok.body.id);
    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${accepted[0].trackingCode}`);
    expect(trace.body.status).to.equal("failed");
    expect(trace.body.steps.at(-1)).to.include({ kind: "failed", reason: `Campaign ${opened.id} is closed.` });
  });
});
