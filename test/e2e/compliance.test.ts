import { expect } from "chai";
import { Wallet, ZeroAddress, ZeroHash, id as keccak, parseEther } from "ethers";
import { DEV_ROLES } from "../../server/chain/dev-accounts.ts";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { call, tokenFor } from "../support/http.ts";
import { ledgerWrites } from "../support/ledger-writes.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

/**
 * Compliance over a small organisation built by hand in this run, its figures worked out below:
 * donations 1,000,000 + 200,000, a refund of 100,000 (income 1,100,000); payouts for programme
 * 500,000, administration 60,000 and fundraising 40,000, and a grant of 100,000 (spending 700,000).
 */
describe("GET /api/v1/compliance: the rules over one organisation's year, worked by hand", function () {
  this.timeout(120_000);
  let t: TestSystem;
  let orgId: bigint;
  let plainOrgId: bigint;
  let campaignId: bigint;
  let year: number;
  let regulator: string;

  before(async function () {
    this.timeout(240_000);
    t = await getTestSystem();
    const writes = ledgerWrites(t);
    const { provider } = t.system;
    const funder = writes.devWallet(DEV_ROLES.funder);
    const fresh = async () => {
      const key = new Wallet(Wallet.createRandom().privateKey, provider);
      await (await funder.sendTransaction({ to: key.address, value: parseEther("1") })).wait();
      return key;
    };
    const [key, plainKey] = [await fresh(), await fresh()];
    const stamp = Date.now().toString(36).toUpperCase();
    orgId = await writes.onboardSupplier(key, `Compliance Worked Foundation ${stamp}`, `91CW${stamp}`);
    plainOrgId = await writes.onboardSupplier(plainKey, `No Status Society ${stamp}`, `91NS${stamp}`);
    await writes.send(writes.as(t.system.registrar!), "setPublicFundraising", orgId, true);
    campaignId = await writes.openCampaign(key, orgId, "Worked appeal");
    const grantTo = await writes.openCampaign(plainKey, plainOrgId, "Receiving fund");
    const as = writes.as(key);
    const gift = writes.recordOf(await writes.send(as, "recordDonation", campaignId, 1_000_000n, 0, keccak("worked gift 1")));
    await writes.send(as, "recordDonation", campaignId, 200_000n, 1, keccak("worked gift 2"));
    await writes.send(as, "refundDonation", gift, campaignId, 100_000n, ZeroHash);
    const payout = (amount: bigint, purpose: number) => ({ campaignId, recipientCommitment: keccak(`recipient ${purpose}`), amount, purpose, evidenceHash: keccak(`invoice ${purpose}`), payee: ZeroAddress, confirmer: ZeroAddress });
    await writes.send(as, "recordDisbursements", [payout(500_000n, 0), payout(60_000n, 1), payout(40_000n, 2)]);
    const last = await writes.send(as, "makeGrant", campaignId, grantTo, 100_000n, ZeroHash);
    await t.system.indexer.waitForBlock(BigInt(last.blockNumber));
    year = new Date((await provider.getBlock(last.blockNumber))!.timestamp * 1000).getUTCFullYear();
    const client = await createApiClient({ ...t.system.stores, clientId: `compliance-regulator-${stamp.toLowerCase()}`, role: "regulator" });
    regulator = await tokenFor(t.baseUrl, client.clientId, client.secret);
  });

  const compliance = async (y: number, org: bigint) => {
    const answer = await call(t.baseUrl, "GET", `/api/v1/compliance?year=${y}&organisation=${org}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body.organisations).to.have.length(1);
    return answer.body.organisations[0];
  };
  const resultOf = (org: { results: any[] }, rule: string) => org.results.filter((r) => r.rule === rule);

  it("sums the year's spending by purpose and its income, and holds management costs against total spending", async function () {
    const org = await compliance(year, orgId);
    expect(org.organisation).to.include({ id: orgId.toString(), publicFundraising: true });
    const [management] = resultOf(org, "management-costs-10");
    // 60,000 of 700,000 is 8.57%: under 10%, and under the 200,000-yuan exemption anyway.
    expect(management).to.deep.include({ outcome: "pass", currency: "CNY" });
    expect(management!.measured).to.deep.include({ managementCosts: "60000", totalSpending: "700000", shareBasisPoints: 857 });
    expect(management!.links.map((l: { rel: string }) => l.rel)).to.deep.equal(["ledger", "records"]);
    expect(management!.links[1].href).to.equal(`${t.baseUrl}/api/v1/organisations/${orgId}/records.csv?from=${year - 1}-01-01&to=${year}-12-31`);
    // No income the year before: the 70% rule has nothing to hold the year against.
    expect(resultOf(org, "charitable-spending-70")[0]).to.deep.include({ outcome: "not-applicable" });
    const [unspent] = resultOf(org, "unspent-by-age");
    expect(unspent).to.deep.include({ outcome: "pass", campaign: { id: campaignId.toString(), title: "Worked appeal" } });
    expect(unspent!.measured).to.deep.include({ held: "400000", over30Days: "0", over365Days: "0" });
    expect(org.summary.fail).to.equal(0);
  });

  it("holds the next year's charitable spending against this year's income (1,100,000), and fails nothing spent", async function () {
    const org = await compliance(year + 1, orgId);
    const [spending] = resultOf(org, "charitable-spending-70");
    expect(spending).to.deep.include({ outcome: "fail", currency: "CNY" });
    expect(spending!.measured).to.deep.include({ charitableSpending: "0", previousIncome: "1100000", shareBasisPoints: 0, minBasisPoints: 7000 });
  });

  it("applies the public-fundraising rules only to organisations that held the status that year", async function () {
    const org = await compliance(year, plainOrgId);
    expect(org.organisation.publicFundraising).to.equal(false);
    for (const rule of ["charitable-spending-70", "management-costs-10", "disclosure-cadence"]) {
      expect(resultOf(org, rule).map((r: { outcome: string }) => r.outcome), rule).to.deep.equal(["not-applicable"]);
    }
  });

  it("checks with a regulator's edit of a rule, refusing anyone else's and any parameter the rule does not read", async function () {
    const patch = (token: string, code: string, body: unknown) => call(t.baseUrl, "PATCH", `/api/v1/compliance-rules/${code}`, { token, body });
    const charity = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    expect((await patch(charity, "management-costs-10", { enabled: false })).status).to.equal(403);
    const unknown = await patch(regulator, "management-costs-10", { parameters: { minBasisPoints: 1 } });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.errors).to.deep.equal([{ field: "parameters.minBasisPoints", reason: "is not a parameter of this rule" }]);
    expect((await patch(regulator, "no-such-rule", { enabled: false })).status).to.equal(404);
    try {
      // 8% with no exemption: 60,000 of 700,000 (8.57%) now fails.
      const edited = await patch(regulator, "management-costs-10", { parameters: { maxBasisPoints: 800, exemptBelowMinorUnits: 0 } });
      expect(edited.status).to.equal(200);
      expect(edited.body.parameters).to.deep.equal({ maxBasisPoints: 800, exemptBelowMinorUnits: 0 });
      const [management] = resultOf(await compliance(year, orgId), "management-costs-10");
      expect(management).to.deep.include({ outcome: "fail" });
      expect(management!.explanation).to.contain("8.57%").and.contain("8.00%");
    } finally {
      expect((await patch(regulator, "management-costs-10", { parameters: { maxBasisPoints: 1000, exemptBelowMinorUnits: 20_000_000 } })).status).to.equal(200);
    }
    const rules = await call(t.baseUrl, "GET", "/api/v1/compliance-rules");
    const management = rules.body.rules.find((r: { code: string }) => r.code === "management-costs-10");
    expect(management.parameters).to.deep.equal({ maxBasisPoints: 1000, exemptBelowMinorUnits: 20_000_000 });
    expect(management.source).to.contain("慈善法");
  });

  it("answers every organisation at once, and refuses a year that is no year or an organisation it does not hold", async function () {
    const all = await call(t.baseUrl, "GET", `/api/v1/compliance?year=${year}`);
    expect(all.status).to.equal(200);
    expect(all.body.organisations.map((o: { organisation: { id: string } }) => o.organisation.id)).to.include.members([orgId.toString(), plainOrgId.toString()]);
    expect(all.body.asOf.block).to.match(/^\d+$/);
    expect((await call(t.baseUrl, "GET", "/api/v1/compliance?year=26")).status).to.equal(400);
    expect((await call(t.baseUrl, "GET", "/api/v1/compliance")).status).to.equal(400);
    expect((await call(t.baseUrl, "GET", `/api/v1/compliance?year=${year}&organisation=999999999`)).status).to.equal(404);
  });
});
