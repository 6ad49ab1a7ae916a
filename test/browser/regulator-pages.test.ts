import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem, openDemoCampaign, type TestSystem } from "../support/system.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core"), "utf8");
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const LANGS = ["zh", "en"] as const;

/**
 * The regulators' pages in headless Chromium against the real system: sign in through the form,
 * the dashboard, the Sankey drawn by ECharts and a click on one of its bands listing the records,
 * and axe-core on every page at phone and desktop size in both languages.
 */
describe("regulator pages in a browser", function () {
  this.timeout(180_000);
  let system: TestSystem;
  let browser: Browser;
  let regulator: { clientId: string; secret: string };
  const contexts: BrowserContext[] = [];

  before(async function () {
    skipWithoutChromium(this);
    system = await getTestSystem();
    browser = await launchChromium();
    regulator = await createApiClient({ ...system.system.stores, clientId: `browser-regulator-${Date.now().toString(36)}`, role: "regulator" });
    await grantBackAndForth(system);
  });

  after(async function () {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  /** A fresh browser of this size that notes script errors and CSP refusals. */
  async function open(size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: size, locale: "en-GB" });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    return { page, errors };
  }

  async function signIn(page: Page, lang: (typeof LANGS)[number]): Promise<void> {
    await page.goto(`${system.baseUrl}/regulator/sign-in?lang=${lang}`);
    expect(await page.locator("html").getAttribute("lang")).to.equal(lang === "zh" ? "zh-CN" : "en");
    await page.getByLabel(lang === "zh" ? "客户端编号" : "Client id").fill(regulator.clientId);
    await page.getByLabel(lang === "zh" ? "客户端密钥" : "Client secret").fill(regulator.secret);
    await Promise.all([page.waitForURL(`${system.baseUrl}/regulator`), page.getByRole("button", { name: lang === "zh" ? "登录" : "Sign in" }).click()]);
  }

  async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
    // Not page.addScriptTag: that inserts an inline <script>, which these pages' CSP (script-src
    // 'self') rightly refuses. Evaluated through DevTools, axe runs without loosening the policy.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
      return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`);
    });
    expect(violations, what).to.deep.equal([]);
  }

  /**
   * Waits for the first chart to be drawn and clicks one of its bands with the mouse, as a person
   * would, so the page's own click handler lists the records. Where a band lies comes from the
   * chart's layout; a label may be drawn over it on a narrow chart, so the widest bands are tried
   * at a few places along each until the records appear.
   */
  async function clickABand(page: Page): Promise<void> {
    await page.locator(".chart svg path").first().waitFor({ state: "attached", timeout: 20_000 });
    // A mouse click lands only inside the viewport: on a phone the chart is below the fold.
    await page.locator(".chart").first().scrollIntoViewIfNeeded();
    const points = await page.evaluate(() => {
      const container = document.querySelector<HTMLElement>(".chart")!;
      const charts = (window as unknown as { echarts: { getInstanceByDom(el: HTMLElement): any } }).echarts;
      const series = charts.getInstanceByDom(container).getModel().getSeriesByIndex(0);
      const box = container.getBoundingClientRect();
      const offset = series.layoutInfo ?? { x: 0, y: 0 };
      const bands = series
        .getGraph()
        .edges.map((edge: any) => {
          const { sy, ty, dy } = edge.getLayout();
          const from = edge.node1.getLayout();
          const to = edge.node2.getLayout();
          return { x1: from.x + from.dx, y1: from.y + sy + dy / 2, x2: to.x, y2: to.y + ty + dy / 2, dy };
        })
        .filter((b: { dy: number }) => b.dy > 2)
        .sort((a: { dy: number }, b: { dy: number }) => b.dy - a.dy)
        .slice(0, 4);
      // Each band is a Bézier with both control points halfway across (curveness 0.5).
      return bands.flatMap((b: { x1: number; y1: number; x2: number; y2: number }) =>
        [0.9, 0.7, 0.5, 0.3].map((t) => {
          const u = 1 - t;
          const cx = (b.x1 + b.x2) / 2;
          const x = u ** 3 * b.x1 + 3 * u * u * t * cx + 3 * u * t * t * cx + t ** 3 * b.x2;
          const y = u ** 3 * b.y1 + 3 * u * u * t * b.y1 + 3 * u * t * t * b.y2 + t ** 3 * b.y2;
          return { x: box.left + offset.x + x, y: box.top + offset.y + y };
        }),
      ) as { x: number; y: number }[];
    });
    expect(points, "the chart has bands wide enough to click").not.to.deep.equal([]);
    const rows = page.locator("#records tbody tr");
    for (const point of points) {
      await page.mouse.click(point.x, point.y);
      if (await rows.first().waitFor({ timeout: 1500 }).then(() => true, () => false)) return;
    }
    expect.fail("no click on a band listed its records");
  }

  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`signs in, shows the dashboard and the flows, lists a band's records on a click, all accessible (${lang}, ${size.width}×${size.height})`, async function () {
        const { page, errors } = await open(size);
        await page.goto(`${system.baseUrl}/regulator/sign-in?lang=${lang}`);
        await expectNoAxeViolations(page, `sign-in ${lang} ${size.width}`);
        await signIn(page, lang);
        expect(await page.locator("html").getAttribute("lang"), "the lang cookie remembered the choice").to.equal(lang === "zh" ? "zh-CN" : "en");
        expect(await page.getByRole("heading", { level: 1 }).innerText()).to.match(lang === "zh" ? /合规情况/ : /Compliance in/);
        await expectNoAxeViolations(page, `dashboard ${lang} ${size.width}`);

        await page.getByRole("navigation").getByRole("link", { name: lang === "zh" ? "资金流向" : "Money flows" }).click();
        await page.waitForURL(`${system.baseUrl}/regulator/flows`);
        await clickABand(page);
        const rows = page.locator("#records tbody tr");
        await rows.first().waitFor({ timeout: 20_000 });
        expect(await rows.count()).to.be.greaterThan(0);
        const link = page.locator("#records tbody a").first();
        expect(await link.getAttribute("href")).to.match(/^https:\/\/explorer\.example\/tx\/0x[0-9a-f]{64}$/);
        await expectNoAxeViolations(page, `flows ${lang} ${size.width}`);
        const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        expect(wide, "the page does not scroll sideways").to.be.at.most(size.width);
        if (lang === "zh" && size.width === 390) await page.screenshot({ path: "/tmp/regulator-flows.png", fullPage: true });
        expect(errors).to.deep.equal([]);
      });
    }
  }

  it("shows the flows as a table with links to their records without JavaScript", async function () {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: SIZES[0] });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, "en");
    await page.goto(`${system.baseUrl}/regulator/flows`);
    expect(await page.locator(".chart").first().isHidden()).to.equal(true);
    const first = page.getByRole("link", { name: /^List records/ }).first();
    await Promise.all([page.waitForURL(/\/regulator\/flows\/records\?/), first.click()]);
    expect(await page.locator("tbody tr").count()).to.be.greaterThan(0);
    expect(await page.locator("tbody a").first().getAttribute("href")).to.match(/^https:\/\/explorer\.example\/tx\//);
  });
});

/**
 * Money that goes round: the foundation grants to the partner, which accepts and grants part of it
 * back. The Sankey must still be drawn (ECharts draws no cycles; the page redraws the closing band).
 * Fresh campaigns on both sides, so no other test's gifts are passed on.
 */
async function grantBackAndForth(system: TestSystem): Promise<void> {
  const foundation = await tokenFor(system.baseUrl, system.demo.foundation.clientId, system.demo.foundation.secret);
  const partner = await tokenFor(system.baseUrl, system.demo.partner.clientId, system.demo.partner.secret);
  const post = async (token: string, path: string, body?: unknown) => {
    const answer = await call(system.baseUrl, "POST", path, { token, headers: { "idempotency-key": newKey("cycle") }, ...(body !== undefined ? { body } : {}) });
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).to.equal(202);
    return system.waitForWrite(answer.body.id);
  };
  const here = (await openDemoCampaign(system, "foundation", "Regulator pages: round trip")).toString();
  const there = (await openDemoCampaign(system, "partner", "Regulator pages: round trip")).toString();
  await post(foundation, "/api/v1/donations", { campaignId: here, amount: "1000", channel: "bank" });
  const given = await post(foundation, "/api/v1/grants", { fromCampaignId: here, toCampaignId: there, amount: "500" });
  await post(partner, `/api/v1/grants/${given}/acknowledgement`);
  await post(partner, "/api/v1/grants", { fromCampaignId: there, toCampaignId: here, amount: "200" });
}
