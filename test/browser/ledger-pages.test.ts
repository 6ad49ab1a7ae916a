import { createHash } from "node:crypto";
import { expect } from "chai";
import { ZeroHash } from "ethers";
import type { Browser, BrowserContext } from "playwright-core";
import { formatMoney } from "../../server/http/i18n/locale.ts";
import * as words from "../../server/http/pages/ledger-page-strings.ts";
import { waitForLanding } from "../../server/services/wait-for-write.ts";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { ledgerWrites } from "../support/ledger-writes.ts";
import { auditPage, openPage, PAGE_LANGS, PAGE_SIZES, visibleText } from "../support/page-audit.ts";
import { EXPLORER_TX_URL, getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";

/**
 * The public campaign and organisation pages against the real system: a campaign of the demo
 * foundation with a gift, a payment confirmed by its recipient, a grant given to the partner and
 * one received from it. Both pages, in both languages, at phone and desktop sizes, pass the audit
 * every public page must pass and show what a reader must see.
 */
describe("campaign and organisation pages in a browser", function () {
  this.timeout(240_000);
  let t: TestSystem;
  let browser: Browser;
  let campaignId: bigint;
  const contexts: BrowserContext[] = [];
  const evidence = "0x" + createHash("sha256").update("invoice for 40 lunch boxes").digest("hex");

  before(async function () {
    skipWithoutChromium(this);
    t = await getTestSystem();
    const foundation = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const send = async (token: string, path: string, body?: unknown) => {
      const answer = await call(t.baseUrl, "POST", path, { token, headers: { "idempotency-key": newKey("pages") }, ...(body !== undefined ? { body } : {}) });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).to.equal(202);
      return BigInt(answer.body.id);
    };
    const post = async (token: string, path: string, body?: unknown) => t.waitForWrite(await send(token, path, body));
    campaignId = await openFoundationCampaign(t, "Ledger pages: school lunches");
    const partnerCampaign = t.demo.partner.campaignId.toString();
    await post(foundation, "/api/v1/donations", { campaignId: campaignId.toString(), amount: "1234500", channel: "alipay" });
    const paid = await post(foundation, "/api/v1/disbursements", {
      campaignId: campaignId.toString(),
      amount: "400000",
      purpose: "programme",
      recipientRef: "SUPPLIER-0042",
      evidenceSha256: evidence,
      confirmerOrganisationId: t.demo.partner.orgId.toString(),
    });
    // A confirmation makes no record of its own: wait for it to land.
    await waitForLanding({ outbox: t.system.outbox, id: await send(partner, `/api/v1/disbursements/${paid}/confirmation`) });
    await post(foundation, "/api/v1/disbursements", { campaignId: campaignId.toString(), amount: "25000", purpose: "administration", recipientRef: "OFFICE-7", evidenceSha256: evidence });
    const given = await post(foundation, "/api/v1/grants", { fromCampaignId: campaignId.toString(), toCampaignId: partnerCampaign, amount: "100000" });
    await post(partner, `/api/v1/grants/${given}/acknowledgement`);
    await post(partner, "/api/v1/grants", { fromCampaignId: partnerCampaign, toCampaignId: campaignId.toString(), amount: "30000" });
    // A refund that names a payment, not a gift: the ledger takes it, the mirror's trust rules flag it.
    const { as, send: write } = ledgerWrites(t);
    const refund = await write(as(t.demo.foundation.ownKey), "refundDonation", BigInt(paid), campaignId, 5n, ZeroHash);
    await t.system.indexer.waitForBlock(BigInt(refund.blockNumber));
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  for (const lang of PAGE_LANGS) {
    for (const size of PAGE_SIZES) {
      it(`shows a campaign's figures, payments and grants (${lang}, ${size.name})`, async function () {
        const ledger = (await call(t.baseUrl, "GET", `/api/v1/campaigns/${campaignId}/ledger`)).body;
        const money = (minor: string) => formatMoney(minor, "CNY", lang);
        const w = words[lang].campaign;
        const o = await openPage(browser, `${t.baseUrl}/campaigns/${campaignId}`, { lang, size, collect: contexts });
        await auditPage(o, `campaign page ${lang} ${size.name}`, lang);
        await o.page.screenshot({ path: `/tmp/ledger-pages-campaign-${lang}-${size.name}.png`, fullPage: true });
        const text = await visibleText(o.page);
        for (const figure of [ledger.totals.in.donations.amount, ledger.totals.out.disbursements.amount, ledger.held.now]) expect(text).to.include(money(figure));
        expect(text).to.include(money(ledger.totals.in.donations.amount)).and.include(lang === "zh" ? "¥" : "CN¥");
        for (const purpose of ["programme", "administration", "fundraising"] as const) expect(text).to.include(w.purpose[purpose]);
        expect(text).to.include(w.confirmed.recipient).and.include(w.confirmed.none);
        expect(text).to.include(evidence.slice(0, 8));
        expect(await o.page.locator("details > code").first().textContent()).to.equal(evidence);
        expect(text).to.include(`${w.grantGiven} Harbour Community Partners`).and.include(`${w.grantReceived} Harbour Community Partners`);
        expect(text).to.include(w.grantStatus.acknowledged).and.include(w.grantStatus.in_transit);
        // Every transaction links to the explorer; the totals to the query and export they came from.
        const hrefs = await o.page.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
        const explorer = EXPLORER_TX_URL.replace("{txHash}", "");
        // Two payments, two grants and the flagged refund.
        expect(hrefs.filter((h) => h.startsWith(explorer))).to.have.length(5);
        expect(hrefs).to.include.members([`/api/v1/campaigns/${campaignId}/ledger`, `/api/v1/campaigns/${campaignId}/records.csv`, `/organisations/${t.demo.foundation.orgId}`]);
        expect(text).to.include(w.rules["refund-not-a-donation"]);
        expect(await o.page.locator("progress").count()).to.equal(0); // this campaign has no target
        expect(await o.page.locator("svg[role=img]").getAttribute("aria-label")).to.include(w.purpose.programme).and.include(money("400000"));
      });

      it(`shows an organisation's totals and its campaigns (${lang}, ${size.name})`, async function () {
        const ledger = (await call(t.baseUrl, "GET", `/api/v1/organisations/${t.demo.foundation.orgId}/ledger`)).body;
        const money = (minor: string) => formatMoney(minor, "CNY", lang);
        const o = await openPage(browser, `${t.baseUrl}/organisations/${t.demo.foundation.orgId}`, { lang, size, collect: contexts });
        await auditPage(o, `organisation page ${lang} ${size.name}`, lang);
        await o.page.screenshot({ path: `/tmp/ledger-pages-organisation-${lang}-${size.name}.png`, fullPage: true });
        const text = await visibleText(o.page);
        const cny = ledger.totals.find((x: { currency: string }) => x.currency === "CNY");
        for (const figure of [cny.totals.in.donations.amount, cny.totals.out.disbursements.amount, cny.held.now]) expect(text).to.include(money(figure));
        const hrefs = await o.page.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
        expect(hrefs).to.include.members([`/campaigns/${campaignId}`, `/campaigns/${t.demo.foundation.campaignId}`, `/api/v1/organisations/${t.demo.foundation.orgId}/ledger`]);
        expect(text).to.include(words[lang].organisation.grantGiven);
      });
    }
  }

  it("shows the demo campaign's progress to its target in words", async function () {
    const o = await openPage(browser, `${t.baseUrl}/campaigns/${t.demo.foundation.campaignId}?lang=en`, { lang: "en", size: PAGE_SIZES[0], collect: contexts });
    const ledger = (await call(t.baseUrl, "GET", `/api/v1/campaigns/${t.demo.foundation.campaignId}/ledger`)).body;
    expect(await visibleText(o.page)).to.include(`${formatMoney(ledger.totals.in.donations.amount, "CNY", "en")} raised of a ${formatMoney(ledger.campaign.target, "CNY", "en")} target`);
    expect(await o.page.locator("progress").count()).to.equal(1);
  });

  for (const lang of PAGE_LANGS) {
    it(`answers an unknown or malformed id with a friendly 404 (${lang})`, async function () {
      for (const path of ["/campaigns/987654321", "/campaigns/abc", "/organisations/987654321", "/organisations/99999999999999999999"]) {
        const o = await openPage(browser, `${t.baseUrl}${path}`, { lang, size: PAGE_SIZES[0], collect: contexts });
        const answer = await call(t.baseUrl, "GET", path, { headers: { "accept-language": lang === "zh" ? "zh-CN" : "en" } });
        expect(answer.status, path).to.equal(404);
        const which = path.startsWith("/campaigns") ? words[lang].campaign : words[lang].organisation;
        expect(await o.page.locator("h1").textContent()).to.equal(which.notFound);
        await auditPage(o, `404 ${path} ${lang}`, lang);
      }
    });
  }
});
