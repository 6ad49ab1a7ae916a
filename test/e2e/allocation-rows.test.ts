import { expect } from "chai";
import { ZeroAddress, ZeroHash, id } from "ethers";
import { DEV_ROLES } from "../../server/chain/dev-accounts.ts";
import { verifyMirror } from "../../server/indexer/verify-mirror.ts";
import { formatMoney } from "../../server/http/i18n/locale.ts";
import { donorCommitment } from "../../server/domain/commitments.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { donorText } from "../../server/http/pages/strings.ts";

const text = donorText.en;
import { call } from "../support/http.ts";
import { ledgerWrites } from "../support/ledger-writes.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

/** A funded development account no role of the system uses: the supplier organisation's own key. */
const SUPPLIER_KEY_INDEX = Object.keys(DEV_ROLES).length + 1;

describe("the allocation kept as lots and slices, across three organisations", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("follows two gifts from a foundation through a partner to a supplier, with a refusal and a refund, slice by slice (worked out by hand), and verify agrees", async function () {
    this.timeout(180_000);
    const { provider } = t.system;
    const { as, devWallet, send, recordOf, onboardSupplier, openCampaign } = ledgerWrites(t);
    const foundation = as(t.demo.foundation.ownKey);
    const partner = as(t.demo.partner.ownKey);
    const supplierKey = devWallet(SUPPLIER_KEY_INDEX);
    const supplier = as(supplierKey);

    // Three organisations, a fresh campaign each.
    const supplierOrg = await onboardSupplier(supplierKey, "Lanzhou Kitchen Supplies", `SUPPLIER-${Date.now()}`);
    const cf = await openCampaign(t.demo.foundation.ownKey, t.demo.foundation.orgId, "Lots: foundation");
    const cp = await openCampaign(t.demo.partner.ownKey, t.demo.partner.orgId, "Lots: partner");
    const cs = await openCampaign(supplierKey, supplierOrg, "Lots: supplier");

    // Gift 1 carries a real tracking code, so its donor can follow it through the API.
    const code = generateTrackingCode();
    const d1 = recordOf(await send(foundation, "recordDonation", cf, 100n, 1, donorCommitment(code)));
    const d2 = recordOf(await send(foundation, "recordDonation", cf, 50n, 1, id("lots gift 2")));
    const g1 = recordOf(await send(foundation, "makeGrant", cf, cp, 120n, ZeroHash)); // gift 1's 100, then 20 of gift 2
    const a1 = recordOf(await send(partner, "acknowledgeGrant", g1));
    const p1 = recordOf(await send(foundation, "recordDisbursement", [cf, id("r1"), 30n, 0, id("invoice 1"), ZeroAddress, ZeroAddress])); // the rest of gift 2
    const d3 = recordOf(await send(foundation, "recordDonation", cf, 10n, 1, id("lots gift 3")));
    const g2 = recordOf(await send(partner, "makeGrant", cp, cs, 110n, ZeroHash)); // gift 1's 100 and 10 of gift 2
    const a2 = recordOf(await send(supplier, "acknowledgeGrant", g2));
    const g3 = recordOf(await send(partner, "makeGrant", cp, cs, 5n, ZeroHash)); // 5 of gift 2, refused: back to the partner's lot
    const r3 = recordOf(await send(supplier, "refuseGrant", g3, ZeroHash));
    const p2 = recordOf(await send(supplier, "recordDisbursement", [cs, id("r2"), 60n, 0, id("invoice 2"), ZeroAddress, ZeroAddress])); // 60 of gift 1
    const p3 = recordOf(await send(partner, "recordDisbursement", [cp, id("r3"), 10n, 0, id("invoice 3"), ZeroAddress, ZeroAddress])); // the partner's last 10 of gift 2
    // Gift 1 has nothing left in the foundation: a shortfall; gift 3's money there is not touched.
    const refund = await send(foundation, "refundDonation", d1, cf, 5n, ZeroHash);
    const f1 = recordOf(refund);
    await t.system.indexer.waitForBlock(BigInt(refund.blockNumber));

    const origins = [d1.toString(), d2.toString(), d3.toString()];
    const { rows: slices } = await t.system.pool.query(
      `SELECT movement::text, kind, lot_record::text, lot_idx, origin::text, slice.amount::text, gs.record_id::text AS settled_by, gs.outcome AS settled_how
         FROM slice LEFT JOIN grant_settlement gs ON slice.kind = 'grant' AND gs.grant_id = slice.movement
        WHERE origin = ANY($1::numeric[]) ORDER BY slice.movement, slice.idx`,
      [origins],
    );
    const s = (movement: bigint, kind: string, lot: bigint, lotIdx: number, origin: bigint, amount: number, settled?: [bigint, string]) => ({
      movement: movement.toString(),
      kind,
      lot_record: lot.toString(),
      lot_idx: lotIdx,
      origin: origin.toString(),
      amount: String(amount),
      settled_by: settled ? settled[0].toString() : null,
      settled_how: settled ? settled[1] : null,
    });
    expect(slices).to.deep.equal([
      s(g1, "grant", d1, 0, d1, 100, [a1, "acknowledged"]),
      s(g1, "grant", d2, 0, d2, 20, [a1, "acknowledged"]),
      s(p1, "disbursement", d2, 0, d2, 30),
      s(g2, "grant", a1, 0, d1, 100, [a2, "acknowledged"]),
      s(g2, "grant", a1, 1, d2, 10, [a2, "acknowledged"]),
      s(g3, "grant", a1, 1, d2, 5, [r3, "refused"]),
      s(p2, "disbursement", a2, 0, d1, 60),
      s(p3, "disbursement", a1, 1, d2, 10),
    ]);
    const { rows: lots } = await t.system.pool.query(
      `SELECT record::text, idx, campaign_id::text, origin::text, amount::text, held::text, from_movement::text, from_idx
         FROM lot WHERE origin = ANY($1::numeric[]) ORDER BY lot.record, lot.idx`,
      [origins],
    );
    const l = (record: bigint, idx: number, campaign: bigint, origin: bigint, amount: number, held: number, from?: [bigint, number]) => ({
      record: record.toString(),
      idx,
      campaign_id: campaign.toString(),
      origin: origin.toString(),
      amount: String(amount),
      held: String(held),
      from_movement: from ? from[0].toString() : null,
      from_idx: from ? from[1] : null,
    });
    expect(lots).to.deep.equal([
      l(d1, 0, cf, d1, 100, 0),
      l(d2, 0, cf, d2, 50, 0),
      l(a1, 0, cp, d1, 100, 0, [g1, 0]),
      l(a1, 1, cp, d2, 20, 0, [g1, 1]),
      l(d3, 0, cf, d3, 10, 10),
      l(a2, 0, cs, d1, 100, 40, [g2, 0]),
      l(a2, 1, cs, d2, 10, 10, [g2, 1]),
    ]);
    const { rows: shortfalls } = await t.system.pool.query(`SELECT origin::text, amount::text FROM allocation_shortfall WHERE movement = $1`, [f1.toString()]);
    expect(shortfalls).to.deep.equal([{ origin: d1.toString(), amount: "5" }]);

    // The donor's view: every hop, with whose step it is, and where the gift is now (adding up to it).
    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${code}`);
    expect(trace.status).to.equal(200);
    const journey = trace.body.steps.map((step: { kind: string; amount: string; recordId?: string; where?: { hop: number; organisation: { name: string } }; acknowledged?: boolean }) =>
      [step.kind, step.amount, step.recordId ?? null, step.where?.hop ?? null, step.where?.organisation.name ?? null, step.acknowledged ?? null],
    );
    expect(journey).to.deep.equal([
      ["donated", "100", null, null, null, null],
      ["recorded", "100", d1.toString(), null, null, null],
      ["granted", "100", g1.toString(), 0, "Sunrise Children's Foundation", true],
      ["granted", "100", g2.toString(), 1, "Harbour Community Partners", true],
      ["disbursed", "60", p2.toString(), 2, "Lanzhou Kitchen Supplies", null],
    ]);
    expect(trace.body.summary).to.deep.equal({ delivered: "0", paidUnconfirmed: "60", inTransit: "0", heldDownstream: "40", heldHere: "0", refunded: "0", corrected: "0" });
    expect(trace.body.flagged).to.have.length(1);
    expect(trace.body.flagged[0]).to.include({ recordId: f1.toString(), kind: "refund", shortfall: "5" });
    const page = await (await fetch(`${t.baseUrl}/track/${code}`)).text();
    expect(page).to.contain("Lanzhou Kitchen Supplies");
    // The hop's heading names the organisation, marked with the language of its name.
    expect(page).to.match(/At <strong lang="en">Harbour Community Partners<\/strong>/);
    expect(page).to.not.contain(text.track.steps.disbursementConfirmed);

    // An auditor confirms the supplier's payout arrived: the 60 of gift 1 it paid for moves from
    // "paid, not yet confirmed" to "delivered"; no slice or lot changes.
    const auditor = as(devWallet(DEV_ROLES.auditor));
    const confirmation = await send(auditor, "confirmDisbursement", p2);
    await t.system.indexer.waitForBlock(BigInt(confirmation.blockNumber));
    const confirmed = await call(t.baseUrl, "GET", `/api/v1/track/${code}`);
    expect(confirmed.status).to.equal(200);
    expect(confirmed.body.summary).to.deep.equal({ delivered: "60", paidUnconfirmed: "0", inTransit: "0", heldDownstream: "40", heldHere: "0", refunded: "0", corrected: "0" });
    expect(confirmed.body.steps.map((step: { kind: string; confirmed?: boolean }) => [step.kind, step.confirmed ?? null])).to.deep.equal([
      ["donated", null],
      ["recorded", null],
      ["granted", null],
      ["granted", null],
      ["disbursed", true],
    ]);
    const { rows: slicesAfter } = await t.system.pool.query(`SELECT count(*)::int AS n FROM slice WHERE origin = ANY($1::numeric[])`, [origins]);
    expect(slicesAfter[0].n).to.equal(slices.length);
    const confirmedPage = await (await fetch(`${t.baseUrl}/track/${code}`)).text();
    const supplierStep = /<li class="step-disbursed[^"]*">(?:(?!<\/li>)[\s\S])*?<\/li>/.exec(confirmedPage)?.[0] ?? "";
    expect(supplierStep).to.contain(formatMoney(60n, "CNY", "en"));
    expect(supplierStep).to.contain(text.track.steps.disbursementConfirmed);

    // Anyone can recompute it: verify rebuilds the mirror from the chain and compares slice by slice.
    const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider });
    expect(report.differences).to.deep.equal([]);
  });
});
