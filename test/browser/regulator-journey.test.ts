import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { call, tokenFor } from "../support/http.ts";
import { iatiSchema } from "../support/iati-schema.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const XMLLINT = "/usr/bin/xmllint";

/**
 * Issue 14's journey, end to end: a regulator signs in through the page, reads restricted detail
 * (and the organisation sees it in its access log), runs compliance, downloads the records as CSV,
 * the IATI file (valid against the official schema) and the annual report as a PDF from the
 * dashboard's own links, and opens the flows as a Sankey diagram.
 */
describe("a regulator's journey: sign in, restricted detail in the access log, compliance, downloads, the Sankey", function () {
  this.timeout(180_000);
  let t: TestSystem;
  let browser: Browser;
  let dir: string;

  before(async function () {
    skipWithoutChromium(this);
    if (!existsSync(XMLLINT)) throw new Error(`xmllint is needed (${XMLLINT}, Debian package libxml2-utils); .ci/run installs it`);
    t = await getTestSystem();
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), "regulator-journey-"));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("does all a regulator came for, each step checked", async function () {
    const regulator = await createApiClient({ ...t.system.stores, clientId: `journey-regulator-${Date.now().toString(36)}`, role: "regulator" });
    const foundation = t.demo.foundation;
    const year = new Date().getUTCFullYear();

    // Signs in through the form.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/regulator/sign-in`);
    expect(await page.locator("html").getAttribute("lang"), "a Chinese browser gets Chinese").to.equal("zh-CN");
    await page.getByLabel("客户端编号").fill(regulator.clientId);
    await page.getByLabel("客户端密钥").fill(regulator.secret);
    await Promise.all([page.waitForURL(`${t.baseUrl}/regulator`), page.getByRole("button", { name: "登录" }).click()]);

    // Reads restricted detail with its token, saying why; the foundation sees the read in its access log.
    const token = await tokenFor(t.baseUrl, regulator.clientId, regulator.secret);
    const { rows } = await t.system.pool.query(
      `SELECT d.record_id::text AS id FROM disbursement d JOIN campaign c ON c.id = d.campaign_id WHERE c.org_id = $1 ORDER BY d.record_id LIMIT 1`,
      [foundation.orgId.toString()],
    );
    expect(rows, "the demo foundation paid something out").to.have.length(1);
    const detail = await call(t.baseUrl, "GET", `/api/v1/disbursements/${rows[0].id}/sources?purpose=${encodeURIComponent("年度检查 annual inspection")}`, { token });
    expect(detail.status).to.equal(200);
    expect(detail.body.disbursement).to.have.property("recipientReference");
    const own = await tokenFor(t.baseUrl, foundation.clientId, foundation.secret);
    const log = await call(t.baseUrl, "GET", `/api/v1/organisations/${foundation.orgId}/access-log?limit=1000`, { token: own });
    const entry = log.body.entries.find((e: { clientId: string }) => e.clientId === regulator.clientId);
    expect(entry).to.deep.include({ resource: `disbursement:${rows[0].id}:recipient-reference,evidence`, purpose: "年度检查 annual inspection" });

    // Runs compliance: the dashboard shows the foundation, as the API does.
    const compliance = await call(t.baseUrl, "GET", `/api/v1/compliance?year=${year}&organisation=${foundation.orgId}`);
    expect(compliance.status).to.equal(200);
    const results = compliance.body.organisations[0].results as { rule: string }[];
    expect(results.map((r) => r.rule)).to.include.members(["charitable-spending-70", "management-costs-10", "unspent-by-age", "disclosure-cadence"]);
    const row = page.locator(`a[href="/api/v1/organisations/${foundation.orgId}/iati.xml"]`);
    expect(await row.count(), "the dashboard links the foundation's downloads").to.equal(1);

    // Downloads, through the dashboard's own links and with the browser's session.
    const fetchLink = async (href: string) => {
      const response = await page.request.get(new URL(href, t.baseUrl).toString());
      expect(response.status(), href).to.equal(200);
      return Buffer.from(await response.body());
    };
    const hrefOf = async (suffix: string) => (await page.locator(`a[href^="/"][href*="/${foundation.orgId}/"][href*="${suffix}"]`).first().getAttribute("href"))!;
    const csv = await fetchLink(await hrefOf("records.csv"));
    expect([...csv.subarray(0, 3)], "a byte-order mark, for Excel").to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").split("\n").length).to.be.greaterThan(2);

    const xml = await fetchLink(await hrefOf("iati.xml"));
    const file = path.join(dir, "iati.xml");
    writeFileSync(file, xml);
    const valid = spawnSync(XMLLINT, ["--noout", "--schema", iatiSchema(), file], { encoding: "utf8" });
    expect(valid.status, valid.stderr).to.equal(0);

    const pdf = await fetchLink(await hrefOf(".pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).to.equal("%PDF-");

    // Opens the flows, drawn as a Sankey diagram.
    await page.getByRole("navigation").getByRole("link", { name: "资金流向" }).click();
    await page.waitForURL(`${t.baseUrl}/regulator/flows`);
    await page.locator(".chart svg path").first().waitFor({ state: "attached", timeout: 20_000 });
    expect(await page.locator(".chart svg path").count()).to.be.greaterThan(1);
    await context.close();
  });
});
