import { expect } from "chai";
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { auditPage, openPage, PAGE_LANGS, PAGE_SIZES, readQrCode, visibleText } from "../support/page-audit.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const SCREENSHOT = "/tmp/receipt-page";

/**
 * The donor's receipt in headless Chromium, against the real running system seeded with the demo:
 * every public page's checks in both languages at phone and desktop size, a QR code a camera reads
 * as the gift's journey page, and a printout with nothing but the receipt on it.
 */
describe("receipt page in a browser", function () {
  this.timeout(180_000);
  let t: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async function () {
    skipWithoutChromium(this);
    t = await getTestSystem();
    browser = await launchChromium();
  });

  after(async function () {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  for (const size of PAGE_SIZES) {
    for (const lang of PAGE_LANGS) {
      it(`passes the page audit and carries a readable QR code, ${lang} at ${size.name} size`, async function () {
        const code = t.demoTrackingCode;
        const opened = await openPage(browser, `${t.baseUrl}/receipts/${code}`, { lang, size, collect: contexts });
        const { page } = opened;
        await auditPage(opened, `receipt ${lang} ${size.name}`, lang);
        expect(opened.errors).to.deep.equal([]);
        expect(await readQrCode(page.locator("#receipt-qr"))).to.equal(`${t.baseUrl}/track/${code}`);
        const words = await visibleText(page);
        expect(words).to.include(code.split("-")[1]!);
        expect(words).to.include(lang === "zh" ? "已记入公开账本" : "Recorded on the public ledger");
        expect(words).to.include(`find-gift -- ${code}`);
        await page.screenshot({ path: `${SCREENSHOT}-${size.name}-${lang}.png`, fullPage: true });

        // On paper: the receipt alone, no navigation, language switch, footer or print note.
        await page.emulateMedia({ media: "print" });
        const clutter = ["header.site", ".lang-switch", ".foot", ".skip", ".receipt-print-note"];
        // Not laid out at all (itself or inside something hidden), so nothing of it reaches the paper.
        const shown = await page.evaluate((selectors) => selectors.filter((s) => document.querySelector(s)!.getClientRects().length > 0), clutter);
        expect(shown).to.deep.equal([]);
        expect(await page.locator("#receipt-qr").isVisible()).to.equal(true);
        await page.screenshot({ path: `${SCREENSHOT}-${size.name}-${lang}-print.png`, fullPage: true });
      });
    }
  }
});
