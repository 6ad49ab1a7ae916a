import { createHash } from "node:crypto";
import { expect } from "chai";
import { Contract, ZeroHash, id, type ContractTransactionReceipt } from "ethers";
import { ledgerAdmin } from "../../server/chain/ledger-admin.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { donorCommitment } from "../../server/domain/commitments.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const FOUNDATION = "Sunrise Children's Foundation";
const PARTNER = "Harbour Community Partners";

describe("GET /api/v1/disbursements/{recordId}/sources: which gifts paid for a disbursement", function () {
  let t: TestSystem;
  // Built once on the chain: four gifts, two grants, and a disbursement through the API that three
  // organisations' campaigns fed.
  let codeA: string;
  let codeD: string;
  let gifts: Record<"A" | "B" | "C" | "D", Gift>;
  let places: Record<"cf" | "cp" | "cq", { organisation: { id: string; name: string }; campaign: { id: string; title: string } }>;
  let payout: string;
  let evidence: string;
  let tokens: { regulator: string; foundation: string; partner: string };

  interface Gift {
    recordId: string;
    commitment: string;
    at: string;
    chain: { blockNumber: string; txHash: string; logIndex: number };
  }

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    const abi = loadLedgerArtifact().abi;
    const { ledgerAddress, provider } = t.system;
    const foundation = new Contract(ledgerAddress, abi, t.demo.foundation.ownKey);
    const partner = new Contract(ledgerAddress, abi, t.demo.partner.ownKey);
    const send = async (contract: Contract, method: string, ...args: unknown[]) => (await (await contract.getFunction(method)(...args)).wait()) as ContractTransactionReceipt;
    const recordOf = async (receipt: ContractTransactionReceipt) => {
      const log = receipt.logs.find((l) => l.address.toLowerCase() === ledgerAddress)!;
      const block = await provider.getBlock(receipt.blockNumber);
      return {
        recordId: BigInt(abi.parseLog(log)!.args.getValue("recordId")).toString(),
        at: new Date(block!.timestamp * 1000).toISOString(),
        chain: { blockNumber: String(receipt.blockNumber), txHash: receipt.hash, logIndex: log.index },
      };
    };
    const give = async (contract: Contract, campaign: bigint, amount: bigint, channel: number, commitment: string): Promise<Gift> => ({
      ...(await recordOf(await send(contract, "recordDonation", campaign, amount, channel, commitment))),
      commitment,
    });
    const open = async (who: "foundation" | "partner", title: string) => {
      const org = t.demo[who];
      const id = (await ledgerAdmin(ledgerAddress, org.ownKey).openCampaign({ orgId: org.orgId, currency: "CNY", target: 0n, title })).id;
      return { id, place: { organisation: { id: org.orgId.toString(), name: who === "foundation" ? FOUNDATION : PARTNER }, campaign: { id: id.toString(), title } } };
    };
    const cf = await open("foundation", "Sources: foundation appeal");
    const cp = await open("partner", "Sources: partner fund");
    const cq = await open("foundation", "Sources: foundation spending");
    places = { cf: cf.place, cp: cp.place, cq: cq.place };

    codeA = generateTrackingCode();
    codeD = generateTrackingCode();
    const A = await give(foundation, cf.id, 100n, 1, donorCommitment(codeA)); // alipay
    const B = await give(foundation, cf.id, 50n, 0, id(`sources gift B ${Date.now()}`)); // bank
    const g1 = await recordOf(await send(foundation, "makeGrant", cf.id, cp.id, 120n, ZeroHash)); // A's 100, then 20 of B
    await send(partner, "acknowledgeGrant", g1.recordId);
    const C = await give(partner, cp.id, 30n, 2, id(`sources gift C ${Date.now()}`)); // wechat_pay, after the grant's lots
    const g2 = await recordOf(await send(partner, "makeGrant", cp.id, cq.id, 130n, ZeroHash)); // A's 100, B's 20, 10 of C
    await send(foundation, "acknowledgeGrant", g2.recordId);
    const D = await give(foundation, cq.id, 25n, 3, donorCommitment(codeD)); // cash, given to the paying campaign itself
    gifts = { A, B, C, D };
    await t.system.indexer.waitForBlock(BigInt(D.chain.blockNumber));

    tokens = {
      foundation: await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret),
      partner: await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret),
      regulator: await (async () => {
        const created = await createApiClient({ ...t.system.stores, clientId: `sources-regulator-${Date.now().toString(36)}`, role: "regulator" });
        return tokenFor(t.baseUrl, created.clientId, created.secret);
      })(),
    };
    // The payout goes through the API, so its plain recipient reference is kept for the foundation and regulators.
    evidence = "0x" + createHash("sha256").update("Invoice S-140: 140 lunch boxes").digest("hex");
    const accepted = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token: tokens.foundation,
      headers: { "idempotency-key": newKey("sources") },
      body: { campaignId: cq.id.toString(), amount: "140", purpose: "programme", recipientRef: "SRC-SUPPLIER-7", evidenceSha256: evidence },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    payout = await t.waitForWrite(accepted.body.id);
  });

  /** What the disbursement took, worked out by hand: first in, first out in the paying campaign. */
  function expectedSources() {
    const source = (gift: Gift, taken: string, whole: string, channel: string, hop: number, path: (typeof places)[keyof typeof places][]) => ({
      amount: taken,
      hop,
      path,
      origin: {
        kind: "donation",
        recordId: gift.recordId,
        amount: whole,
        at: gift.at,
        channel,
        donor: `0x${gift.commitment.slice(2, 8)}…${gift.commitment.slice(-4)}`,
        ...path[0]!,
        chain: gift.chain,
      },
    });
    const { cf, cp, cq } = places;
    return [
      // The campaign's oldest money: the lots the partner's grant carried in, in the order they left.
      source(gifts.A, "100", "100", "alipay", 2, [cf, cp, cq]),
      source(gifts.B, "20", "50", "bank", 2, [cf, cp, cq]),
      source(gifts.C, "10", "30", "wechat_pay", 1, [cp, cq]),
      // Then the gift given to the paying campaign itself: 10 of its 25.
      source(gifts.D, "10", "25", "cash", 0, [cq]),
    ];
  }

  it("lists the gifts that paid for it, oldest money first, with hops and paths across three campaigns, for the public", async function () {
    const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.headers.get("cache-control")).to.equal("no-store");
    const { disbursement, totals, sources, asOfBlock, verification } = answer.body;
    expect(sources).to.deep.equal({ items: expectedSources(), next: null });
    expect(totals).to.deep.equal({ sources: 4, amount: "140", consistent: true });
    expect(disbursement).to.deep.include({
      recordId: payout,
      amount: "140",
      currency: "CNY",
      organisation: places.cq.organisation,
      campaign: places.cq.campaign,
      purpose: "programme",
      evidenceSha256: evidence,
      confirmed: false,
      confirmedBlock: null,
    });
    expect(disbursement.recipientCommitment).to.match(/^0x[0-9a-f]{64}$/);
    expect(disbursement.chain.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(disbursement.chain.blockTime).to.equal(disbursement.at);
    expect(BigInt(asOfBlock)).to.be.at.least(BigInt(disbursement.chain.blockNumber));
    expect(verification).to.be.an("object");
    // The public sees neither the plain recipient reference nor the evidence details: not even as null.
    expect(disbursement).to.not.have.any.keys("recipientReference", "evidence");
    // Nobody asked with a code, so nothing is marked; and no donor's full commitment is in the answer.
    expect(sources.items.every((s: object) => !("yours" in s))).to.equal(true);
    for (const gift of Object.values(gifts)) expect(JSON.stringify(answer.body)).to.not.contain(gift.commitment.slice(2));

    // The donor's own trace tells the same story: gift A paid 100 of this payout two grants away.
    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${codeA}`);
    const step = trace.body.steps.find((s: { kind: string; recordId?: string }) => s.kind === "disbursed" && s.recordId === payout);
    expect(step).to.deep.include({ amount: "100", where: { hop: 2, ...places.cq } });
  });

  it("marks the donor's own gift when they bring its tracking code, and nothing else about the others", async function () {
    const mine = async (code: string) => {
      const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?trackingCode=${encodeURIComponent(code)}`);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      return answer.body.sources.items.map((s: { yours: boolean }) => s.yours);
    };
    expect(await mine(codeA)).to.deep.equal([true, false, false, false]);
    // Typed loosely (lower case, no dashes), it is the same code.
    expect(await mine(codeD.toLowerCase().replace(/-/g, ""))).to.deep.equal([false, false, false, true]);
    // A real code of a gift that did not pay for this: every source is someone else's.
    expect(await mine(t.demoTrackingCode)).to.deep.equal([false, false, false, false]);
    const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?trackingCode=${encodeURIComponent(codeA)}`);
    expect(answer.body.sources.items.map(({ yours: _yours, ...rest }: { yours: boolean }) => rest)).to.deep.equal(expectedSources());

    const typo = codeA.slice(0, -1) + (codeA.endsWith("0") ? "1" : "0");
    const refused = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?trackingCode=${typo}`);
    expect(refused.status).to.equal(400);
    expect(refused.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(refused.body.errors).to.deep.equal([{ field: "trackingCode", reason: "one of the characters looks mistyped" }]);
  });

  it("walks every page with limit=1, each source once, in order, and refuses a cursor it did not give out", async function () {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next === null ? "limit=1" : `limit=1&cursor=${next}`;
      const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?${query}`);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect(answer.body.sources.items).to.have.length(1);
      expect(answer.body.totals).to.deep.equal({ sources: 4, amount: "140", consistent: true });
      seen.push(answer.body.sources.items[0].origin.recordId);
      next = answer.body.sources.next;
      pages++;
    } while (next !== null && pages < 10);
    expect(pages).to.equal(4);
    expect(seen).to.deep.equal([gifts.A, gifts.B, gifts.C, gifts.D].map((g) => g.recordId));

    const three = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?limit=3`);
    const rest = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?limit=3&cursor=${three.body.sources.next}`);
    expect([...three.body.sources.items, ...rest.body.sources.items]).to.deep.equal(expectedSources());
    expect(rest.body.sources.next).to.equal(null);

    for (const [query, field] of [
      ["cursor=not-a-cursor!", "cursor"],
      [`cursor=${Buffer.from(JSON.stringify({ after: -5 })).toString("base64url")}`, "cursor"],
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["offset=2", "offset"],
    ]) {
      const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources?${query}`);
      expect(answer.status, query).to.equal(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field), query).to.deep.equal([field]);
    }
  });

  it("shows the plain recipient reference to regulators and to the paying organisation, evidence details to regulators only", async function () {
    const as = (token?: string) => call(t.baseUrl, "GET", `/api/v1/disbursements/${payout}/sources${token === tokens.regulator ? "?purpose=sources+test" : ""}`, token ? { token } : {});
    const regulator = await as(tokens.regulator);
    expect(regulator.status).to.equal(200);
    expect(regulator.body.disbursement.recipientReference).to.equal("SRC-SUPPLIER-7");
    expect(regulator.body.disbursement.evidence).to.deep.equal({
      sha256: evidence,
      authorisedBy: regulator.body.disbursement.evidence.authorisedBy,
      payee: null,
      confirmer: null,
      confirmedBy: null,
    });
    expect(regulator.body.disbursement.evidence.authorisedBy).to.match(/^0x[0-9a-f]{40}$/);
    expect(regulator.body.sources).to.deep.equal({ items: expectedSources(), next: null });

    const own = await as(tokens.foundation);
    expect(own.body.disbursement.recipientReference).to.equal("SRC-SUPPLIER-7");
    expect(own.body.disbursement).to.not.have.any.keys("evidence");

    const other = await as(tokens.partner);
    expect(other.status).to.equal(200);
    expect(other.body.disbursement).to.not.have.any.keys("recipientReference", "evidence");
    expect(JSON.stringify(other.body)).to.not.contain("SRC-SUPPLIER-7");
    expect(JSON.stringify((await as()).body)).to.not.contain("SRC-SUPPLIER-7");

    // A token that is there must be valid: a broken one is never read as the public view.
    const broken = await as("not.a.token");
    expect(broken.status).to.equal(401);
    expect(broken.headers.get("content-type")).to.match(/^application\/problem\+json/);
  });

  it("answers 404 for a disbursement the ledger does not hold and 400 for an id that is no id, as problem+json", async function () {
    const unknown = await call(t.baseUrl, "GET", "/api/v1/disbursements/999999999999/sources");
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(unknown.body).to.deep.include({ type: "urn:donation-ledger:problem:not-found", status: 404, errors: [{ field: "recordId", reason: "unknown disbursement" }] });
    // A donation's record id is not a disbursement's.
    expect((await call(t.baseUrl, "GET", `/api/v1/disbursements/${gifts.A.recordId}/sources`)).status).to.equal(404);

    for (const bad of ["abc", "0", "-1", "1.5", "99999999999999999999999"]) {
      const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${bad}/sources`);
      expect(answer.status, bad).to.equal(400);
      expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
      expect(answer.body).to.deep.include({ type: "urn:donation-ledger:problem:invalid-request", status: 400 });
      expect(answer.body.errors.map((e: { field: string }) => e.field), bad).to.deep.equal(["recordId"]);
    }
  });
});
