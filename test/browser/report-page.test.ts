import { createRequire } from "node:module";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { launchChromium, PHONE, skipWithoutChromium } from "../support/browser.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const require = createRequire(import.meta.url);
const SCREENSHOT = "/tmp/report-page";

/**
 * The reports in headless Chromium with axe-core: no violations at phone and desktop sizes, in
 * Chinese and English, against the real running system seeded with the demo.
 */
describe("report pages in a browser, checked by axe-core", function () {
  this.timeout(180_000);
  let t: TestSystem;
  let browser: Browser;
  const year = new Date().getUTCFullYear();

  before(async function () {
    skipWithoutChromium(this);
    t = await getTestSystem();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  const sizes = { phone: PHONE, desktop: { width: 1280, height: 800 } };
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const lang of ["zh", "en"] as const) {
      it(`has no accessibility violations at ${viewport.width}×${viewport.height} in ${lang}`, async function () {
        // bypassCSP lets the test inject axe-core; the page itself keeps its strict policy (no scripts).
        const context = await browser.newContext({ viewport, locale: lang === "zh" ? "zh-CN" : "en-GB", bypassCSP: true });
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
          for (const path of [`/reports/organisations/${t.demo.foundation.orgId}/${year}`, `/reports/campaigns/${t.demo.foundation.campaignId}`]) {
            const answer = await page.goto(`${t.baseUrl}${path}?lang=${lang}`);
            expect(answer?.status()).to.equal(200);
            expect(await page.getAttribute("html", "lang")).to.equal(lang === "zh" ? "zh-CN" : "en");
            // Nothing wider than the screen but the tables' own scrolling boxes.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, "page wider than the screen").to.be.at.most(0);
            await page.addScriptTag({ path: require.resolve("axe-core") });
            const result = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run());
            const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`);
            expect(found, `${path} ${lang} ${size}`).to.deep.equal([]);
          }
          await page.screenshot({ path: `${SCREENSHOT}-${size}-${lang}.png`, fullPage: true });
          // In print: no navigation, and each section (but the summary under the title) from a new page.
          await page.emulateMedia({ media: "print" });
          const print = await page.evaluate(() => ({
            chrome: ["header.site", ".foot", ".skip"].map((s) => getComputedStyle(document.querySelector(s)!).display),
            breaks: Array.from(document.querySelectorAll(".report-section"), (s) => s).map((s) => getComputedStyle(s).breakBefore),
          }));
          expect(print.chrome).to.deep.equal(["none", "none", "none"]);
          expect(print.breaks.slice(1).every((b) => b === "page")).to.equal(true);
          await page.screenshot({ path: `${SCREENSHOT}-${size}-${lang}-print.png`, fullPage: true });
          expect(errors).to.deep.equal([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
