import http from "node:http";
import { expect } from "chai";
import type { Browser, BrowserContext } from "playwright-core";
import type { DonationTrace } from "../../server/domain/trace.ts";
import { formatDateTime, formatMoney } from "../../server/http/i18n/locale.ts";
import { donorText } from "../../server/http/pages/strings.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { PAGE_LANGS, PAGE_SIZES, auditPage, openPage, readQrCode, visibleText, type OpenedPage } from "../support/page-audit.ts";
import { getTestSystem, postFoundationGift, settled, type TestSystem } from "../support/system.ts";
import { until } from "../support/until.ts";

/**
 * The donor's pages (home, a gift, a code we cannot show, an unknown address) in headless
 * Chromium against the real system, in both languages (chosen by the browser's language) and at
 * a phone's and a laptop's size: each passes the public-page audit and shows what a donor must
 * see in that language. Then the language switch, a hostile Host header, and a gift watched
 * while it is written.
 */
describe("donor pages in both languages, at phone and laptop size", function () {
  this.timeout(300_000);

  let system: TestSystem;
  let browser: Browser;
  let trace: DonationTrace;
  const contexts: BrowserContext[] = [];

  before(async function () {
    skipWithoutChromium(this);
    system = await getTestSystem();
    browser = await launchChromium();
    // Earlier suites' writes may still spend from the demo campaign: read the gift once they landed.
    await settled(system);
    const answer = await fetch(`${system.baseUrl}/api/v1/track/${system.demoTrackingCode}`);
    expect(answer.status).to.equal(200);
    trace = (await answer.json()) as DonationTrace;
    expect(trace.status).to.equal("confirmed");
  });

  after(async function () {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  const expectNoErrors = (opened: OpenedPage, what: string) =>
    // A 404 or 400 page itself logs "Failed to load resource"; anything else is a script error or a CSP refusal.
    expect(opened.errors.filter((e) => !e.startsWith("Failed to load resource")), what).to.deep.equal([]);

  for (const lang of PAGE_LANGS) {
    const t = donorText[lang];
    for (const size of PAGE_SIZES) {
      const as = `${lang}, ${size.name}`;

      it(`home (${as}): passes the audit and offers the tracking form in its language`, async function () {
        const opened = await openPage(browser, `${system.baseUrl}/`, { lang, size, collect: contexts });
        await auditPage(opened, `home ${as}`, lang);
        expect(await opened.page.getByRole("heading", { level: 1 }).innerText()).to.equal(t.home.heading);
        expect(await opened.page.getByRole("textbox", { name: t.form.label }).count()).to.equal(1);
        expectNoErrors(opened, as);
      });

      it(`a confirmed gift (${as}): passes the audit, money and Beijing time in its language, the flow picture and a QR code of its address`, async function () {
        const url = `${system.baseUrl}/track/${system.demoTrackingCode}`;
        const opened = await openPage(browser, url, { lang, size, collect: contexts });
        await auditPage(opened, `track ${as}`, lang);
        const { page } = opened;
        const text = await visibleText(page);
        expect(await page.locator(".amount").innerText()).to.include(formatMoney(trace.amount, trace.currency, lang));
        expect(formatMoney(trace.amount, trace.currency, lang)).to.match(lang === "zh" ? /^¥/ : /^CN¥/);
        const when = `${formatDateTime(new Date(trace.steps[0]!.at), lang, "Asia/Shanghai")} (${t.beijingTime})`;
        expect(text).to.include(when);
        // The flow picture names the gift's organisation and says what it spent, in words beside the bars.
        const flow = page.locator("figure.flow");
        expect(await flow.count()).to.equal(1);
        const flowText = (await flow.innerText()).replace(/\s+/g, " ");
        expect(flowText).to.include(trace.organisation.name);
        const spent = BigInt(trace.summary.delivered) + BigInt(trace.summary.paidUnconfirmed);
        expect(flowText).to.include(`${t.track.flow.parts.spent}: ${formatMoney(spent, trace.currency, lang)}`);
        for (const step of trace.steps) if (step.kind === "granted") expect(flowText).to.include(step.toOrganisation.name);
        expect(await readQrCode(page.locator(".qr"))).to.equal(url);
        expect(await page.locator(`a[href="/receipts/${system.demoTrackingCode}"]`).innerText()).to.equal(t.track.receiptLink);
        expect(await page.locator("script").count(), "a gift on the ledger needs no script").to.equal(0);
        expectNoErrors(opened, as);
      });

      it(`a code we cannot show (${as}): not found and mistyped pass the audit and keep the code in the box`, async function () {
        const unknown = generateTrackingCode();
        for (const [path, heading, code] of [
          [`/track/${unknown}`, t.problem.notFoundHeading, unknown],
          ["/track?code=DN-12", t.problem.mistypedHeading, "DN-12"],
        ] as const) {
          const opened = await openPage(browser, `${system.baseUrl}${path}`, { lang, size, collect: contexts });
          await auditPage(opened, `problem ${path} ${as}`, lang);
          expect(await opened.page.getByRole("heading", { level: 1 }).innerText()).to.equal(heading);
          expect(await opened.page.getByRole("textbox", { name: t.form.label }).inputValue()).to.equal(code);
          expectNoErrors(opened, as);
        }
      });

      it(`an unknown address (${as}): the 404 page passes the audit and shows the way back`, async function () {
        const opened = await openPage(browser, `${system.baseUrl}/no/such/page`, { lang, size, collect: contexts });
        await auditPage(opened, `404 ${as}`, lang);
        expect(await opened.page.getByRole("heading", { level: 1 }).innerText()).to.equal(t.error.notFound.title);
        expect(await opened.page.getByRole("link", { name: t.error.home }).getAttribute("href")).to.equal("/");
        expectNoErrors(opened, as);
      });
    }
  }

  it("switches language with one tap and remembers the choice on the next page without ?lang=", async function () {
    const opened = await openPage(browser, `${system.baseUrl}/`, { lang: "en", size: PAGE_SIZES[0], collect: contexts });
    const { page } = opened;
    await Promise.all([page.waitForURL(/lang=zh/), page.getByRole("link", { name: donorText.en.languageSwitchLabel }).click()]);
    expect(await page.locator("html").getAttribute("lang")).to.equal("zh-CN");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).to.equal(donorText.zh.home.heading);
    // The browser still asks for English; the cookie the switch left wins.
    await page.goto(`${system.baseUrl}/track/${system.demoTrackingCode}`);
    expect(await page.locator("html").getAttribute("lang")).to.equal("zh-CN");
    expect(await visibleText(page)).to.include(donorText.zh.track.timelineHeading);
    // And back again.
    await Promise.all([page.waitForURL(/lang=en/), page.getByRole("link", { name: donorText.zh.languageSwitchLabel }).click()]);
    await page.goto(`${system.baseUrl}/`);
    expect(await page.locator("html").getAttribute("lang")).to.equal("en");
    expectNoErrors(opened, "switch");
  });

  it("lets only a gift's page run a script, its own watcher from this server", async function () {
    const home = await fetch(`${system.baseUrl}/`);
    expect(home.headers.get("content-security-policy")).to.not.include("script-src");
    const gift = await fetch(`${system.baseUrl}/track/${system.demoTrackingCode}`);
    expect(gift.headers.get("content-security-policy")).to.include("default-src 'none'; script-src 'self'; connect-src 'self';");
    const watcher = await fetch(`${system.baseUrl}/assets/track-pending.js`);
    expect(watcher.status).to.equal(200);
    expect(watcher.headers.get("content-type")).to.match(/^application\/javascript/);
  });

  it("never shows the host a request claims to be for", async function () {
    const evil = "evil.attacker.example";
    for (const path of ["/", `/track/${system.demoTrackingCode}`, `/track/${generateTrackingCode()}`, "/track?code=nope", "/no/such/page"]) {
      const body = await getWithHost(`${system.baseUrl}${path}`, evil);
      expect(body, path).to.not.include(evil);
      expect(body, path).to.not.include("attacker");
    }
  });
});

/** A GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { Host: host, "X-Forwarded-Host": host } }, (answer) => {
      let body = "";
      answer.setEncoding("utf8");
      answer.on("data", (chunk: string) => (body += chunk));
      answer.on("end", () => resolve(`${JSON.stringify(answer.headers)}\n${body}`));
    });
    request.on("error", reject);
  });
}

describe("a gift's page while the gift is written", function () {
  this.timeout(180_000);

  let system: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async function () {
    skipWithoutChromium(this);
    system = await getTestSystem();
    browser = await launchChromium();
  });

  after(async function () {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  it("changes the status in place, says so once, and keeps what the donor typed in the other box", async function () {
    const t = donorText.en;
    // Blocks are mined only when asked, so the gift waits on the ledger for as long as the test needs.
    await system.system.provider.send("evm_setAutomine", [false]);
    let code: string;
    let opened: OpenedPage;
    try {
      const gift = await postFoundationGift(system, "4321", "watched-gift");
      expect(gift.status).to.equal(202);
      code = gift.body.trackingCode;
      opened = await openPage(browser, `${system.baseUrl}/track/${code}`, { lang: "en", size: PAGE_SIZES[0], collect: contexts });
      const { page } = opened;
      expect(await page.locator(".status").innerText()).to.include(t.track.status.pending);
      await auditPage(opened, "pending track page", "en");
      await page.getByRole("textbox", { name: t.form.label }).fill("dn-half typed");
      // Count what the live region says, from now on.
      await page.evaluate(() => {
        const live = document.getElementById("status-live")!;
        (window as unknown as { said: string[] }).said = [];
        new MutationObserver(() => {
          if (live.textContent) (window as unknown as { said: string[] }).said.push(live.textContent);
        }).observe(live, { childList: true, characterData: true, subtree: true });
      });
    } finally {
      await system.system.provider.send("evm_setAutomine", [true]);
      await system.system.provider.send("evm_mine", []);
    }
    const { page } = opened!;
    await page.locator(".status-ok").waitFor({ timeout: 60_000 });
    expect(await page.locator(".status").innerText()).to.include(t.track.status.confirmed);
    expect(await page.getByRole("textbox", { name: t.form.label }).inputValue()).to.equal("dn-half typed");
    expect(await page.locator("#gift-state[data-pending-code]").count()).to.equal(0);
    expect(await page.locator("figure.flow").count()).to.equal(1);
    // Said once, and not again while the page stays open.
    await page.waitForTimeout(4000);
    expect(await page.evaluate(() => (window as unknown as { said: string[] }).said)).to.deep.equal([t.track.statusUpdated(t.track.status.confirmed)]);
    expect(await page.locator("#status-live").innerText()).to.equal(t.track.statusUpdated(t.track.status.confirmed));
    expect(opened!.errors).to.deep.equal([]);
    await until("the API to agree", async () => {
      const answer = await fetch(`${system.baseUrl}/api/v1/track/${code}`);
      return ((await answer.json()) as DonationTrace).status === "confirmed" ? true : undefined;
    });
  });
});
