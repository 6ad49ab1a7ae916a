import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { Contract, Wallet } from "ethers";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { call, newKey, rejection, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("roles and who authorised each record", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  function admin(...args: string[]) {
    return spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args, "--rpc", t.system.rpcUrl, "--ledger", t.system.ledgerAddress], {
      encoding: "utf8",
    });
  }

  it("shows on-chain which organisation's key authorised each record: each organisation writes with its own key", async function () {
    const records = [];
    for (const org of [t.demo.foundation, t.demo.partner]) {
      const token = await tokenFor(t.baseUrl, org.clientId, org.secret);
      const answer = await call(t.baseUrl, "POST", "/api/v1/donations", {
        token,
        headers: { "idempotency-key": newKey("roles") },
        body: { campaignId: org.campaignId.toString(), amount: "250", channel: "bank" },
      });
      const record = await t.system.db.donation.findUniqueOrThrow({ where: { recordId: await t.waitForWrite(answer.body.id) } });
      const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.provider);
      const [orgId, active] = await ledger.getFunction("operatorOf")(record.authorisedBy);
      expect(orgId).to.equal(org.orgId);
      expect(active).to.equal(true);
      records.push(record.authorisedBy);
    }
    expect(records[0]).to.not.equal(records[1]);
    expect(records).to.not.include(t.system.registrar!.address.toLowerCase());
  });

  it("never lets the registrar the server holds become an operator or write for an organisation", async function () {
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.registrar!);
    const refused = await rejection(ledger.getFunction("addOperator").staticCall(t.demo.foundation.orgId, t.system.registrar!.address));
    expect(ledger.interface.parseError((refused as unknown as { data: string }).data)?.name).to.equal("LedgerRoleConflict");
    const write = await rejection(ledger.getFunction("recordDonation").staticCall(t.demo.foundation.campaignId, 1n, 0, "0x" + "11".repeat(32)));
    expect(ledger.interface.parseError((write as unknown as { data: string }).data)?.name).to.equal("LedgerUnauthorizedOperator");
  });

  it("grants roles only through the admin command, which refuses a second role for one address", async function () {
    const refused = admin("grant", "auditor", t.system.registrar!.address);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(/already holds another role \(registrar\)/);
    const newcomer = Wallet.createRandom().address;
    const granted = admin("grant", "auditor", newcomer);
    expect(granted.status, granted.stderr).to.equal(0);
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.provider);
    expect(await ledger.getFunction("hasRole")(await ledger.getFunction("AUDITOR_ROLE")(), newcomer)).to.equal(true);
  });
});
