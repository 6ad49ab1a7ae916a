import { existsSync } from "node:fs";
import { expect } from "chai";
import { catalogueProblems, formatMoney, type Lang } from "../../../server/http/i18n/locale.ts";
import { reportText } from "../../../server/http/pages/report-strings.ts";
import { CHROMIUM } from "../../support/browser.ts";
import { call, newKey, tokenFor } from "../../support/http.ts";
import { EXPLORER_TX_URL, getTestSystem, openFoundationCampaign, type TestSystem } from "../../support/system.ts";

/** Text of a title no one should trust: what ECharts and Preact must escape in the report. */
export const HOSTILE_TITLE = "<script>x</script>&co";

/**
 * The reports against the real system (chain, indexer, Postgres, HTTP) with the demo seeded, a
 * campaign with a hostile title given money, and a grant from the foundation to the partner.
 */
describe("reports", function () {
  this.timeout(180_000);
  let t: TestSystem;
  let orgId: string;
  let hostileId: string;
  let grantTx: string;
  const year = new Date().getUTCFullYear();
  const today = new Date().toISOString().slice(0, 10);

  before(async function () {
    t = await getTestSystem();
    orgId = t.demo.foundation.orgId.toString();
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    hostileId = (await openFoundationCampaign(t, HOSTILE_TITLE)).toString();
    const gift = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("report-gift") },
      body: { campaignId: hostileId, amount: "123456", channel: "alipay" },
    });
    expect(gift.status).to.equal(202);
    await t.waitForWrite(gift.body.id);
    const grant = await call(t.baseUrl, "POST", "/api/v1/grants", {
      token,
      headers: { "idempotency-key": newKey("report-grant") },
      body: { fromCampaignId: hostileId, toCampaignId: t.demo.partner.campaignId.toString(), amount: "2000", memo: "Report test" },
    });
    expect(grant.status).to.equal(202);
    await t.waitForWrite(grant.body.id);
    const status = await call(t.baseUrl, "GET", new URL(grant.body.statusUrl, t.baseUrl).pathname, { token });
    grantTx = status.body.txHash ?? status.body.transaction?.hash ?? "";
  });

  const page = (path: string, lang?: Lang) => fetch(`${t.baseUrl}${path}${lang ? `?lang=${lang}` : ""}`);
  const amp = (href: string) => href.replaceAll("&", "&amp;");

  it("has the same words in zh and en", function () {
    expect(catalogueProblems(reportText)).to.deep.equal([]);
  });

  for (const lang of ["zh", "en"] as const) {
    it(`shows the foundation's year in ${lang} with the ledger API's figures, each linked to its source`, async function () {
      // Timed twice: the first request of the process also loads and compiles ECharts.
      const timed = async () => {
        const started = performance.now();
        const answer = await page(`/reports/organisations/${orgId}/${year}`, lang);
        const html = await answer.text();
        return { answer, html, ms: performance.now() - started };
      };
      const first = await timed();
      const { answer, html, ms } = await timed();
      console.log(`      annual report HTML of the demo foundation (${lang}): ${ms.toFixed(0)} ms (first request ${first.ms.toFixed(0)} ms), ${(html.length / 1024).toFixed(0)} kB`);
      expect(answer.status).to.equal(200);
      expect(answer.headers.get("content-type")).to.match(/^text\/html/);
      expect(answer.headers.get("content-security-policy")).to.include("default-src 'none'");
      expect(html).to.match(new RegExp(`<html lang="${lang === "zh" ? "zh-CN" : "en"}"`));
      expect(html).not.to.match(/<script/i);
      expect(answer.headers.get("set-cookie")).to.match(new RegExp(`^lang=${lang};`));

      const ledger = await (await fetch(`${t.baseUrl}/api/v1/organisations/${orgId}/ledger?from=${year}-01-01&to=${today}&period=year`)).json();
      const cny = ledger.totals.find((x: { currency: string }) => x.currency === "CNY");
      const money = (minor: string) => formatMoney(minor, "CNY", lang);
      expect(cny.totals.donationsByChannel.length).to.be.greaterThan(0);
      for (const c of cny.totals.donationsByChannel) expect(html, `channel ${c.channel}`).to.include(`${money(c.amount)}</a>`);
      for (const s of cny.totals.spending) expect(html, `purpose ${s.purpose}`).to.include(`${money(s.amount)}</a>`);
      for (const b of cny.age.buckets) expect(html, `age ${b.bucket}`).to.include(`${money(b.amount)}</a>`);
      for (const figure of [cny.totals.in.total, cny.totals.out.total, cny.held.now, cny.totals.heldAtEnd]) expect(html).to.include(`${money(figure)}</a>`);
      expect(html).to.include(reportText[lang].channel.alipay);

      // Every link is absolute: the PDF made from this page keeps them working.
      const base = t.baseUrl;
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!).filter((h) => h !== "#main" && h !== "data:,");
      for (const href of hrefs) expect(href, href).to.match(/^https?:\/\//);
      expect(hrefs).to.include(amp(`${base}/api/v1/organisations/${orgId}/ledger?from=${year}-01-01&to=${today}&period=year`));
      expect(hrefs).to.include(amp(`${base}/api/v1/flows?from=${year}-01-01&to=${today}&organisation=${orgId}`));
      expect(hrefs).to.include(amp(`${base}/api/v1/organisations/${orgId}/records.csv?from=${year}-01-01&to=${today}`));
      expect(hrefs).to.include(amp(`${base}/reports/organisations/${orgId}/${year}?lang=${lang === "zh" ? "en" : "zh"}`));
      expect(hrefs).to.include(amp(`${base}/reports/organisations/${orgId}/${year}.pdf?lang=${lang}`));
      // The grant is one record: its amount and hash link to its transaction on the explorer.
      expect(grantTx).to.match(/^0x[0-9a-f]{64}$/);
      expect(hrefs).to.include(EXPLORER_TX_URL.replace("{txHash}", grantTx));
      expect(html).to.include("Harbour Community Partners");
      // Compliance results, with the links to their figures.
      expect(html).to.include(`/api/v1/organisations/${orgId}/ledger?from=${year - 1}-01-01&amp;to=${year}-12-31&amp;period=year`);
      // The charts are SVG drawn on the server: two pies, the age bars and the Sankey.
      expect((html.match(/<svg /g) ?? []).length).to.be.at.least(4);
      expect(ms).to.be.below(1000);
    });
  }

  it("escapes a hostile campaign title in the tables and in the charts", async function () {
    for (const path of [`/reports/campaigns/${hostileId}`, `/reports/organisations/${orgId}/${year}`]) {
      const html = await (await page(path, "en")).text();
      expect(html, path).not.to.include("<script>x");
      expect(html, path).to.include("&lt;script&gt;x&lt;/script&gt;&amp;co");
      // Inside the Sankey's SVG too (a <text> of the chart), not only in the tables.
      const svgs = [...html.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => m[0]).join("");
      expect(svgs, path).to.include("&lt;script&gt;x");
    }
  });

  it("shows a campaign's own report with its figures", async function () {
    const answer = await page(`/reports/campaigns/${hostileId}`, "zh");
    const html = await answer.text();
    expect(answer.status).to.equal(200);
    const ledger = await (await fetch(`${t.baseUrl}/api/v1/campaigns/${hostileId}/ledger?period=year`)).json();
    expect(html).to.include(`${formatMoney(ledger.totals.in.total, "CNY", "zh")}</a>`);
    expect(html).to.include(`${formatMoney(ledger.held.now, "CNY", "zh")}</a>`);
    expect(html).to.include(amp(`${t.baseUrl}/api/v1/campaigns/${hostileId}/records.csv`));
    expect(html).to.include(EXPLORER_TX_URL.replace("{txHash}", grantTx));
    expect(html).to.include("拨出");
  });

  it("chooses the language by cookie and by Accept-Language when ?lang= is absent", async function () {
    const byCookie = await fetch(`${t.baseUrl}/reports/campaigns/${hostileId}`, { headers: { cookie: "lang=zh", "accept-language": "en" } });
    expect(await byCookie.text()).to.include('<html lang="zh-CN"');
    const byBrowser = await fetch(`${t.baseUrl}/reports/campaigns/${hostileId}`, { headers: { "accept-language": "zh-TW,en;q=0.5" } });
    expect(await byBrowser.text()).to.include('<html lang="zh-CN"');
  });

  it("answers 404 for an unknown organisation or campaign: a page, or problem+json for the PDF", async function () {
    for (const path of ["/reports/organisations/999999/2026", "/reports/campaigns/999999", "/reports/campaigns/9223372036854775808", "/reports/organisations/x/2026", "/reports/organisations/1/20x6"]) {
      const answer = await page(path, "zh");
      expect(answer.status, path).to.equal(404);
      expect(answer.headers.get("content-type"), path).to.match(/^text\/html/);
      expect(await answer.text()).to.include(reportText.zh.notFound.title);
    }
    const pdf = await page("/reports/organisations/999999/2026.pdf");
    expect(pdf.status).to.equal(404);
    expect(pdf.headers.get("content-type")).to.match(/^application\/problem\+json/);
  });

  it("prints the report to a PDF in Chromium", async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    for (const path of [`/reports/organisations/${orgId}/${year}.pdf`, `/reports/campaigns/${hostileId}.pdf`]) {
      const started = performance.now();
      const answer = await page(path, "zh");
      const bytes = Buffer.from(await answer.arrayBuffer());
      const pages = bytes.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? [];
      console.log(`      ${path}: ${(performance.now() - started).toFixed(0)} ms, ${(bytes.length / 1024).toFixed(0)} kB, ${pages.length} A4 pages`);
      expect(answer.status, bytes.toString("utf8").slice(0, 300)).to.equal(200);
      expect(answer.headers.get("content-type")).to.equal("application/pdf");
      expect(bytes.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
      expect(pages.length).to.be.at.least(1);
    }
    // Several at once wait their turn (two print together) and all arrive.
    const all = await Promise.all([1, 2, 3, 4].map(() => page(`/reports/campaigns/${hostileId}.pdf`, "en")));
    expect(all.map((a) => a.status)).to.deep.equal([200, 200, 200, 200]);
  });
});
