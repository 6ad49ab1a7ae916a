import { expect } from "chai";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { formatMoney } from "../../server/http/i18n/locale.ts";
import type { DonationTrace, TraceStep } from "../../server/domain/trace.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { PHONE, PHONE_CONTEXT, launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { getTestSystem, settled, type TestSystem } from "../support/system.ts";

const SCREENSHOT = "/tmp/track-page.png";

/**
 * The donor pages in headless Chromium at phone size, against the real running system
 * (chain, indexer, Postgres, HTTP) seeded with the demo gift. No stand-ins.
 */
describe("donor pages in a phone browser", function () {
  this.timeout(180_000);

  let system: TestSystem;
  let browser: Browser;
  let trace: DonationTrace;
  const contexts: BrowserContext[] = [];

  before(async function () {
    skipWithoutChromium(this);
    system = await getTestSystem();
    browser = await launchChromium();
    // What the page should show, as the public JSON API reports it for the same gift.
    const answer = await fetch(`${system.baseUrl}/api/v1/track/${system.demoTrackingCode}`);
    expect(answer.status).to.equal(200);
    trace = (await answer.json()) as DonationTrace;
  });

  after(async function () {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  /** A fresh phone that notes console errors (a CSP violation) and failed sub-resource loads. */
  async function phone(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ ...PHONE_CONTEXT, ...options });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      // A 404 or 400 page itself logs "Failed to load resource"; sub-resources are checked below.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("response", (response) => {
      if (!response.request().isNavigationRequest() && response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    page.on("requestfailed", (request) => errors.push(`failed ${request.url()}`));
    return { page, errors };
  }

  async function expectNoHorizontalScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      client: document.scrollingElement!.clientWidth,
    }));
    expect(widths.scroll, `page is ${widths.scroll}px wide on a ${PHONE.width}px phone`).to.be.at.most(PHONE.width);
    expect(widths.client).to.be.at.most(PHONE.width);
  }

  const codeBox = (page: Page) => page.getByRole("textbox", { name: "Tracking code" });
  const money = (minorUnits: string) => formatMoney(minorUnits, trace.currency, "en");

  it("takes a lowercase code with spaces from the home form to the tracking page, without JavaScript", async function () {
    const { page, errors } = await phone({ javaScriptEnabled: false });
    const home = await page.goto(`${system.baseUrl}/`);
    expect(home!.status()).to.equal(200);
    expect(await page.locator("html").getAttribute("lang")).to.equal("en");

    const typed = system.demoTrackingCode.toLowerCase().replace(/-/g, " ");
    const box = codeBox(page);
    await box.fill(typed);
    await Promise.all([page.waitForURL(`**/track/${system.demoTrackingCode}`), page.getByRole("button", { name: "Track my gift" }).click()]);

    expect(new URL(page.url()).pathname).to.equal(`/track/${system.demoTrackingCode}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).to.include(trace.organisation.name);
    expect(await page.locator("main").innerText()).to.include(money(trace.amount));
    expect(errors).to.deep.equal([]);
  });

  it("shows the gift, its ledger record and what it paid for, readable on a phone", async function () {
    // Earlier suites in the same run pay out of the demo campaign, which may spend more of this
    // gift (oldest money first): read what the page should show once their writes have landed.
    await settled(system);
    trace = (await (await fetch(`${system.baseUrl}/api/v1/track/${system.demoTrackingCode}`)).json()) as DonationTrace;
    expect(trace.status).to.equal("confirmed");
    const recorded = trace.steps.find((s): s is Extract<TraceStep, { kind: "recorded" }> => s.kind === "recorded");
    const disbursed = trace.steps.find((s): s is Extract<TraceStep, { kind: "disbursed" }> => s.kind === "disbursed");
    expect(recorded, "the demo gift is recorded").to.not.equal(undefined);
    expect(disbursed, "the demo gift is partly paid out").to.not.equal(undefined);

    const { page, errors } = await phone();
    const answer = await page.goto(`${system.baseUrl}/track/${system.demoTrackingCode}`);
    expect(answer!.status()).to.equal(200);

    const main = await page.locator("main").innerText();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).to.equal(`Your gift to ${trace.organisation.name}`);
    expect(main).to.include(trace.campaign.title);
    expect((await page.locator(".amount").innerText()).replace(/\s+/g, " ")).to.equal(`Amount: ${money(trace.amount)}`);
    expect(main).to.include("On the public ledger");

    const steps = page.locator("ol.timeline > li");
    expect(await steps.count()).to.equal(trace.steps.length);
    const recordedStep = steps.filter({ has: page.getByRole("heading", { name: "Recorded on the public ledger" }) });
    expect(await recordedStep.count()).to.equal(1);
    const recordedText = await recordedStep.innerText();
    expect(recordedText).to.match(new RegExp(`Block\\s+${recorded!.chain.blockNumber}\\b`));
    expect(await recordedStep.locator(`code[title="${recorded!.chain.txHash}"]`).count()).to.equal(1);

    const disbursedStep = page.locator("ol.timeline > li.step-disbursed").first();
    const disbursedText = (await disbursedStep.innerText()).replace(/\s+/g, " ");
    expect(disbursedText).to.include(
      `${money(disbursed!.amount)} of your gift paid for programme work — to recipient ${disbursed!.recipientCommitment.slice(0, 8)}…${disbursed!.recipientCommitment.slice(-6)} (a pseudonym`,
    );
    expect(disbursedText).to.include(`Whole payment ${money(disbursed!.disbursementAmount)}`);
    expect(disbursedText).to.match(new RegExp(`Block\\s+${disbursed!.chain.blockNumber}\\b`));

    // Spent is what reached final recipients; money passed on, refunded or corrected is not spent
    // (earlier suites in a full run pass some of the demo gift on).
    const spent = BigInt(trace.summary.delivered) + BigInt(trace.summary.paidUnconfirmed);
    expect(main.replace(/\s+/g, " ")).to.include(`Spent ${money(spent.toString())}`);
    expect(main.replace(/\s+/g, " ")).to.include(`Still held by the campaign ${money(trace.summary.heldHere)}`);
    expect(await page.locator("footer").innerText()).to.include(`Up to block ${trace.asOfBlock}`);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).to.equal(0);

    // The QR code draws at a scannable size.
    const qr = await page.getByRole("img", { name: /QR code/ }).boundingBox();
    expect(qr!.width).to.be.at.least(150);
    expect(await page.getByText("Scan to open this page").isVisible()).to.equal(true);

    // Large enough to read and to tap.
    const bodyFont = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(bodyFont).to.be.at.least(17);
    for (const target of [page.getByRole("button", { name: "Track my gift" }), codeBox(page)]) {
      expect((await target.boundingBox())!.height).to.be.at.least(44);
    }

    await expectNoHorizontalScroll(page);
    // The full-hash details, opened, must not widen the page either.
    for (const summary of await page.locator("summary").all()) await summary.click();
    await expectNoHorizontalScroll(page);
    await page.reload();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it("shows a friendly page for an unknown code and keeps the code in the box", async function () {
    const unknown = generateTrackingCode();
    const { page, errors } = await phone({ javaScriptEnabled: false });
    await page.goto(`${system.baseUrl}/`);
    await codeBox(page).fill(unknown);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/track/${unknown}`),
      page.getByRole("button", { name: "Track my gift" }).click(),
    ]);
    expect(answer.status()).to.equal(404);
    await page.waitForLoadState();

    expect(await page.getByRole("heading", { level: 1 }).innerText()).to.equal("We could not find this gift");
    expect(await page.locator("main").innerText()).to.include(`We could not find a gift with the code ${unknown}.`);
    expect(await codeBox(page).inputValue()).to.equal(unknown);
    expect(await page.content(), "no stack trace").to.not.match(/\bat \S+ \(|node_modules|\.ts:\d+/);
    await expectNoHorizontalScroll(page);
    expect(errors).to.deep.equal([]);
  });

  it("shows a mistyped code back to the donor with tips", async function () {
    const { page, errors } = await phone();
    await page.goto(`${system.baseUrl}/`);
    await codeBox(page).fill("dn-7k3q-9xpa");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Track my gift" }).click()]);
    await page.getByRole("heading", { level: 1 }).waitFor();

    expect(await page.getByRole("heading", { level: 1 }).innerText()).to.equal("Please check the code");
    expect(await page.locator("main").innerText()).to.include("This code looks mistyped: dn-7k3q-9xpa.");
    expect(await codeBox(page).inputValue()).to.equal("dn-7k3q-9xpa");
    await expectNoHorizontalScroll(page);
    expect(errors).to.deep.equal([]);
  });
});
