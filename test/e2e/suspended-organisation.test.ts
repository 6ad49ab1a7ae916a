import { expect } from "chai";
import { Contract } from "ethers";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { countOffChainRows } from "../support/rows.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("an organisation the registrar suspended", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("has every write refused at once with 409 while the mirror shows it suspended, and writes again once reinstated", async function () {
    this.timeout(120_000);
    const registrar = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.registrar!);
    const orgId = t.demo.partner.orgId;
    const token = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const donate = () =>
      call(t.baseUrl, "POST", "/api/v1/donations", {
        token,
        headers: { "idempotency-key": newKey("suspended") },
        body: { campaignId: t.demo.partner.campaignId.toString(), amount: "300", channel: "bank" },
      });

    const suspended = await (await registrar.getFunction("suspendOrganisation")(orgId)).wait();
    try {
      await t.system.indexer.waitForBlock(BigInt(suspended.blockNumber));
      const before = await countOffChainRows(t.system.pool);
      const refused = await donate();
      expect(refused.status).to.equal(409);
      expect(refused.headers.get("content-type")).to.match(/^application\/problem\+json/);
      expect(refused.body.title).to.equal("The organisation is suspended");
      expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);
    } finally {
      const reinstated = await (await registrar.getFunction("reinstateOrganisation")(orgId)).wait();
      await t.system.indexer.waitForBlock(BigInt(reinstated.blockNumber));
    }
    const accepted = await donate();
    expect(accepted.status).to.equal(202);
    await t.waitForWrite(accepted.body.id);
  });
});
