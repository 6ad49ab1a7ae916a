import { expect } from "chai";
import { ZeroAddress, ZeroHash, id } from "ethers";
import type { Browser, BrowserContext, Locator } from "playwright-core";
import { DEV_ROLES } from "../../server/chain/dev-accounts.ts";
import { donorCommitment } from "../../server/domain/commitments.ts";
import { formatMoney } from "../../server/http/i18n/locale.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { PHONE, PHONE_CONTEXT, launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { call } from "../support/http.ts";
import { ledgerWrites } from "../support/ledger-writes.ts";
import { EXPLORER_TX_URL, getTestSystem, type TestSystem } from "../support/system.ts";

const SCREENSHOT = "/tmp/multi-hop-journey.png";

/** A funded development account no role of the system (nor the allocation test's supplier) uses. */
const SUPPLIER_KEY_INDEX = Object.keys(DEV_ROLES).length + 2;
const FOUNDATION = "Sunrise Children's Foundation";
const PARTNER = "Harbour Community Partners";
const SUPPLIER = "Gansu Grain Cooperative";
const PURPOSE = { programme: 0, administration: 1 } as const;

/**
 * A gift followed across three organisations in headless Chromium at phone size, against the
 * real system: written straight to the chain (donor → foundation → partner → supplier, each
 * spending some, the supplier's payout confirmed by an auditor), mirrored by the indexer, and read
 * the way a donor reads it. Every expectation is worked out by hand from the writes below.
 */
describe("a gift passed on twice, in a phone browser", function () {
  this.timeout(180_000);

  let t: TestSystem;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const code = generateTrackingCode();
  const money = (minorUnits: bigint) => formatMoney(minorUnits, "CNY", "en");
  const run = Date.now();
  const titles = { foundation: `Journey ${run}: school meals`, partner: `Journey ${run}: kitchens`, supplier: `Journey ${run}: grain` };
  /** Each record's transaction, from its receipt: what the page must link to. */
  const txOf = {} as Record<"donation" | "grantToPartner" | "foundationPayout" | "partnerPayout" | "grantToSupplier" | "supplierPayout", string>;

  before(async function () {
    skipWithoutChromium(this);
    t = await getTestSystem();
    const { as, devWallet, send, recordOf, onboardSupplier, openCampaign } = ledgerWrites(t);
    const foundation = as(t.demo.foundation.ownKey);
    const partner = as(t.demo.partner.ownKey);
    const supplierKey = devWallet(SUPPLIER_KEY_INDEX);
    const supplier = as(supplierKey);
    const auditor = as(devWallet(DEV_ROLES.auditor));
    const payout = (campaign: bigint, amount: bigint, purpose: number, what: string) => [campaign, id(`recipient ${what}`), amount, purpose, id(`invoice ${what}`), ZeroAddress, ZeroAddress];

    const supplierOrg = await onboardSupplier(supplierKey, SUPPLIER, `GRAIN-${run}`);
    const cf = await openCampaign(t.demo.foundation.ownKey, t.demo.foundation.orgId, titles.foundation);
    const cp = await openCampaign(t.demo.partner.ownKey, t.demo.partner.orgId, titles.partner);
    const cs = await openCampaign(supplierKey, supplierOrg, titles.supplier);

    // Fresh campaigns, so this gift is all the money there is: every part of it is known by hand.
    let r = await send(foundation, "recordDonation", cf, 120_000n, 2, donorCommitment(code)); // 1,200.00 CNY by WeChat Pay
    txOf.donation = r.hash;
    r = await send(foundation, "makeGrant", cf, cp, 80_000n, ZeroHash); // 800.00 passed on to the partner
    txOf.grantToPartner = r.hash;
    await send(partner, "acknowledgeGrant", recordOf(r));
    r = await send(foundation, "recordDisbursement", payout(cf, 25_000n, PURPOSE.administration, "foundation")); // 250.00 spent by the foundation
    txOf.foundationPayout = r.hash;
    r = await send(partner, "recordDisbursement", payout(cp, 30_000n, PURPOSE.programme, "partner")); // 300.00 spent by the partner
    txOf.partnerPayout = r.hash;
    r = await send(partner, "makeGrant", cp, cs, 45_000n, ZeroHash); // 450.00 passed on to the supplier
    txOf.grantToSupplier = r.hash;
    await send(supplier, "acknowledgeGrant", recordOf(r));
    r = await send(supplier, "recordDisbursement", payout(cs, 40_000n, PURPOSE.programme, "supplier")); // 400.00 spent by the supplier
    txOf.supplierPayout = r.hash;
    const confirmed = await send(auditor, "confirmDisbursement", recordOf(r)); // and delivered
    await t.system.indexer.waitForBlock(BigInt(confirmed.blockNumber));

    browser = await launchChromium();
  });

  after(async function () {
    await context?.close().catch(() => {});
    await browser?.close();
  });

  it("the trace API agrees with the hand-worked figures", async function () {
    const trace = await call(t.baseUrl, "GET", `/api/v1/track/${code}`);
    expect(trace.status).to.equal(200);
    // Spent: 250 + 300 + 400 (the last delivered); held: 150 by the foundation, 50 each by partner and supplier.
    expect(trace.body.summary).to.deep.equal({ delivered: "40000", paidUnconfirmed: "55000", inTransit: "0", heldDownstream: "10000", heldHere: "15000", refunded: "0", corrected: "0" });
    const journey = trace.body.steps.map((s: { kind: string; amount: string; where?: { hop: number; organisation: { name: string } }; chain?: { txHash: string } }) => [
      s.kind,
      s.amount,
      s.where?.hop ?? null,
      s.where?.organisation.name ?? null,
      s.chain?.txHash ?? null,
    ]);
    expect(journey).to.deep.equal([
      ["donated", "120000", null, null, null],
      ["recorded", "120000", null, null, txOf.donation],
      ["granted", "80000", 0, FOUNDATION, txOf.grantToPartner],
      ["disbursed", "25000", 0, FOUNDATION, txOf.foundationPayout],
      ["disbursed", "30000", 1, PARTNER, txOf.partnerPayout],
      ["granted", "45000", 1, PARTNER, txOf.grantToSupplier],
      ["disbursed", "40000", 2, SUPPLIER, txOf.supplierPayout],
    ]);
  });

  it("shows the donor each organisation's part in order, passed-on money as passed on, and every step linked to its transaction", async function () {
    context = await browser.newContext({ ...PHONE_CONTEXT, javaScriptEnabled: false });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("requestfailed", (request) => errors.push(`failed ${request.url()}`));
    const answer = await page.goto(`${t.baseUrl}/track/${code}`);
    expect(answer!.status()).to.equal(200);
    const words = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
    expect(await words(page.getByRole("heading", { level: 1 }))).to.equal(`Your gift to ${FOUNDATION}`);

    // The steps in order: the foundation's, then each organisation the gift reached, under its name.
    const journey = page.locator("section[aria-labelledby=journey] > ol.timeline");
    expect((await journey.locator("h3, h4").allInnerTexts()).map((h) => h.trim())).to.deep.equal([
      "Donation received",
      "Recorded on the public ledger",
      `Passed on to ${PARTNER}`,
      "Paid out for administration",
      `At ${PARTNER}`,
      "Paid out for programme work",
      `Passed on to ${SUPPLIER}`,
      `At ${SUPPLIER}`,
      "Paid out for programme work",
    ]);
    // Headings nest as the places do: a place is an h3 in the journey, its steps h4 beneath it.
    expect(await journey.locator(":scope > li.hop > .hop-head > h3").allInnerTexts()).to.deep.equal([`At ${PARTNER}`, `At ${SUPPLIER}`]);
    expect(await journey.locator(":scope > li.hop > ol.timeline > li > h4").count()).to.equal(3);

    // In the foundation: the 800.00 passed on is a grant, named with its receiver and campaign, not spending.
    const foundationSteps = journey.locator(":scope > li:not(.hop)");
    expect(await foundationSteps.count()).to.equal(4);
    const passedOn = journey.locator(":scope > li.step-granted");
    expect(await passedOn.count()).to.equal(1);
    expect(await words(passedOn)).to.include(`${money(80_000n)} of your gift went to ${PARTNER} for “${titles.partner}”. They confirmed they received it.`);
    expect(await words(passedOn)).to.not.match(/paid|spent/i);
    const foundationPayouts = journey.locator(":scope > li.step-disbursed");
    expect(await foundationPayouts.count(), "the foundation paid out only its own 250.00").to.equal(1);
    expect(await words(foundationPayouts)).to.include(`${money(25_000n)} of your gift paid for administration`);
    expect(await words(foundationPayouts)).to.include(`Whole payment ${money(25_000n)}`);

    // At the partner: who passed it on, for which campaign; its own payout; its grant on to the supplier.
    const atPartner = journey.locator(":scope > li.hop").nth(0);
    expect(await words(atPartner.locator(".hop-head"))).to.equal(
      `At ${PARTNER} Passed on to them by ${FOUNDATION} for “${titles.partner}”. What they did with this part of your gift:`,
    );
    const partnerSteps = atPartner.locator(":scope > ol > li");
    expect(await partnerSteps.evaluateAll((lis) => lis.map((li) => li.className))).to.deep.equal(["step-disbursed", "step-granted"]);
    expect(await words(partnerSteps.nth(0))).to.include(`${money(30_000n)} of your gift paid for programme work`);
    expect(await words(partnerSteps.nth(0))).to.include("Not yet confirmed as delivered.");
    expect(await words(partnerSteps.nth(1))).to.include(`${money(45_000n)} of your gift went to ${SUPPLIER} for “${titles.supplier}”. They confirmed they received it.`);

    // At the supplier: its payout, delivered.
    const atSupplier = journey.locator(":scope > li.hop").nth(1);
    expect(await words(atSupplier.locator(".hop-head"))).to.include(`Passed on to them by ${PARTNER} for “${titles.supplier}”.`);
    const supplierSteps = atSupplier.locator(":scope > ol > li");
    expect(await supplierSteps.evaluateAll((lis) => lis.map((li) => li.className))).to.deep.equal(["step-disbursed step-delivered"]);
    expect(await words(supplierSteps)).to.include(`${money(40_000n)} of your gift paid for programme work`);
    expect(await words(supplierSteps)).to.include("Delivered: the recipient or an auditor confirmed on the ledger that it arrived.");

    // Every step on the chain links to its own transaction, in the order of the writes.
    const chainSteps = journey.locator("li[class^=step-]:not(.step-donated)");
    const links = await chainSteps.evaluateAll((lis) => lis.map((li) => Array.from(li.querySelectorAll("a[href]")).map((a) => a.getAttribute("href"))));
    const expected = [txOf.donation, txOf.grantToPartner, txOf.foundationPayout, txOf.partnerPayout, txOf.grantToSupplier, txOf.supplierPayout];
    expect(links).to.deep.equal(expected.map((hash) => [EXPLORER_TX_URL.replace("{txHash}", hash)]));
    for (const [i, hash] of expected.entries()) {
      expect(await chainSteps.nth(i).locator("a code").getAttribute("title")).to.equal(hash);
      expect(await chainSteps.nth(i).locator("details code").first().textContent()).to.equal(hash);
    }

    // Where the gift is now: only payouts count as spent; what partner and supplier still hold is passed on.
    expect(await words(page.locator("dl.split"))).to.equal(
      [
        `Spent ${money(95_000n)}`,
        `Of that, confirmed as delivered ${money(40_000n)}`,
        `Passed on, not yet spent by the organisations it went to ${money(10_000n)}`,
        `Still held by the campaign ${money(15_000n)}`,
      ].join(" "),
    );
    expect(await page.getByRole("img", { name: "79% of your gift has been spent" }).count()).to.equal(1);

    // Readable on a phone: nothing wider than the screen, even with every detail opened.
    const scrollWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(await scrollWidth()).to.be.at.most(PHONE.width);
    for (const summary of await page.locator("summary").all()) await summary.click();
    expect(await scrollWidth()).to.be.at.most(PHONE.width);
    await page.reload();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it("draws where the gift went: one bar per organisation, each named with its amounts in words beside it", async function () {
    const pictureContext = await browser.newContext({ ...PHONE_CONTEXT, javaScriptEnabled: false });
    try {
      const page = await pictureContext.newPage();
      await page.goto(`${t.baseUrl}/track/${code}`);
      const places = page.locator("figure.flow ol.flow-places > li");
      const words = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
      expect(await places.count()).to.equal(3);
      expect(await words(places.nth(0))).to.equal(
        `Your gift to ${FOUNDATION}: ${money(120_000n)} Spent: ${money(25_000n)} Still held: ${money(15_000n)} Passed on to ${PARTNER}: ${money(80_000n)}`,
      );
      expect(await words(places.nth(1))).to.equal(
        `${PARTNER} received ${money(80_000n)} Spent: ${money(30_000n)} Still held: ${money(5_000n)} Passed on to ${SUPPLIER}: ${money(45_000n)}`,
      );
      expect(await words(places.nth(2))).to.equal(`${SUPPLIER} received ${money(45_000n)} Spent: ${money(40_000n)} Still held: ${money(5_000n)}`);
      // Each bar is drawn, and under the part of the one before it that passed the gift on.
      const bars = await places.locator("svg.flow-bar").evaluateAll((svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const rects = Array.from(svg.querySelectorAll("rect:not(.flow-track)")).map((r) => r.getBoundingClientRect());
          return { height: box.height, left: Math.round(Math.min(...rects.map((r) => r.left))), passedOn: Math.round(svg.querySelector(".flow-passedOn")?.getBoundingClientRect().left ?? -1) };
        }),
      );
      expect(bars.every((bar) => bar.height > 10)).to.equal(true);
      expect(Math.abs(bars[1]!.left - bars[0]!.passedOn)).to.be.at.most(1);
      expect(Math.abs(bars[2]!.left - bars[1]!.passedOn)).to.be.at.most(1);
    } finally {
      await pictureContext.close();
    }
  });
});
