import { expect } from "chai";
import { buildLedger } from "../../../../server/domain/ledger.ts";
import type { VerificationStatus } from "../../../../server/domain/verification.ts";
import { catalogueProblems } from "../../../../server/http/i18n/locale.ts";
import { renderCampaignPage } from "../../../../server/http/pages/campaign-page.tsx";
import * as ledgerPageText from "../../../../server/http/pages/ledger-page-strings.ts";
import type { PageContext } from "../../../../server/http/pages/page-context.ts";
import type { CampaignPage } from "../../../../server/services/get-campaign-page.ts";

const EN: PageContext = { lang: "en", timeZone: "UTC", switchHref: "/campaigns/3?lang=zh", publicUrl: "https://give.example.org" };
const ZH: PageContext = { ...EN, lang: "zh", switchHref: "/campaigns/3?lang=en" };
const OK: VerificationStatus = { state: "ok", verifiedAt: "2026-11-24T10:00:00Z", verifiedBlock: "90", differences: 0, lastFullCheck: null };
const TX = "0x8f3c2a9b1d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff";
const EVIDENCE = "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const chain = (n: number) => ({ blockNumber: String(n), txHash: TX, logIndex: 0, blockTime: "2026-11-20T08:00:00.000Z" });

/** A campaign that raised CN¥1,000.00, paid CN¥300.00 for programme work and CN¥100.00 for administration, with ten payments and ten grants listed. */
function page(title = "Winter coats <for> \"village\" schools & more"): CampaignPage {
  const rows = [
    { kind: "donation" as const, counterpart: "alipay", amount: 100_000n, count: 1, at: "2026-01-01" },
    { kind: "disbursement" as const, counterpart: "programme", amount: 30_000n, count: 2, at: "2026-01-01" },
    { kind: "disbursement" as const, counterpart: "administration", amount: 10_000n, count: 1, at: "2026-01-01" },
  ];
  const body = buildLedger({ sums: rows, periods: [{ period: "2026", start: "2026-01-01", from: "2026-01-01", to: "2026-11-24" }], blocks: new Map(), held: [{ days: 40, amount: 60_000n, lots: 1 }], agedAt: new Date("2026-11-24T00:00:00Z") });
  const { periods: _, ...ledger } = body;
  return {
    ledger: {
      ...ledger,
      campaign: { id: "3", title, organisation: { id: "1", name: "云南乡村教育基金会" }, currency: "CNY", closed: false, target: "200000" },
      period: "year",
      from: "2026-01-01",
      to: "2026-11-24",
      asOfBlock: "100",
    },
    disbursements: Array.from({ length: 10 }, (_, i) => ({
      recordId: String(20 + i),
      campaign: { id: "3", title },
      amount: "1000",
      purpose: i % 2 ? ("administration" as const) : ("programme" as const),
      evidenceSha256: EVIDENCE,
      confirmed: i === 0 ? { by: "recipient" as const, blockNumber: "95" } : i === 1 ? { by: "auditor" as const, blockNumber: "96" } : null,
      chain: chain(50 + i),
    })),
    grants: Array.from({ length: 10 }, (_, i) => ({
      recordId: String(40 + i),
      direction: i % 2 ? ("received" as const) : ("given" as const),
      campaign: { id: "3", title },
      counterpart: { organisation: { id: "2", name: "Harbour Community Partners with a rather long name indeed" }, campaign: { id: "9", title: "Flood relief kits for the river district, winter edition" } },
      amount: "500",
      status: (["acknowledged", "refused", "in_transit"] as const)[i % 3]!,
      chain: chain(70 + i),
    })),
    flagged: [{ recordId: "31", rule: "confirmation-of-unknown", detail: "no such disbursement", chain: chain(80) }],
    regulatorFlags: { organisation: 1, records: 2 },
  };
}

describe("campaign page (server-rendered HTML)", function () {
  it("has every word in both languages", function () {
    expect(catalogueProblems(ledgerPageText)).to.deep.equal([]);
  });

  it("escapes what people typed and marks its language", function () {
    const html = renderCampaignPage(EN, page(), { verification: OK });
    expect(html).to.include("Winter coats &lt;for> &quot;village&quot; schools &amp; more");
    expect(html).to.not.include("<for>");
    expect(html).to.include('<span lang="zh-CN">云南乡村教育基金会</span>');
  });

  it("shows raised, spent by purpose in words, held, progress and the age of held money", function () {
    const html = renderCampaignPage(EN, page(), { verification: OK });
    expect(html).to.include("CN¥1,000.00").and.include("CN¥600.00");
    expect(html).to.include("Programme work: CN¥300.00 (75%, 2 payments)").and.include("Administration: CN¥100.00 (25%, 1 payment)");
    expect(html).to.include("CN¥1,000.00 raised of a CN¥2,000.00 target (50%).");
    expect(html).to.include('<progress class="goal" max="10000" value="5000" aria-labelledby="target-words">');
    expect(html).to.include("31–90 days");
    expect(renderCampaignPage(ZH, page(), { verification: OK })).to.include("目标 ¥2,000.00，已筹 ¥1,000.00（50%）。").and.include("项目活动");
  });

  it("names who confirmed each delivery and links transactions to the explorer when one is configured", function () {
    const linked = renderCampaignPage(EN, page(), { verification: OK, explorerTxUrl: "https://scan.example/tx/{txHash}" });
    expect(linked).to.include("Delivery confirmed by the recipient (in block 95)").and.include("Delivery confirmed by an auditor").and.include("Delivery not yet confirmed");
    expect(linked).to.include(`href="https://scan.example/tx/${TX}"`);
    const plain = renderCampaignPage(EN, page(), { verification: OK });
    expect(plain).to.not.include("scan.example");
    expect(plain).to.include(`Block 50 · Transaction <code title="${TX}">`);
    expect(plain).to.include(`<code>${EVIDENCE}</code>`);
    expect(plain).to.include("Refused, money returned").and.include("Waiting for an answer");
    expect(plain).to.include("Regulators have 3 open flags");
    expect(renderCampaignPage(ZH, page(), { verification: OK })).to.include('记录 31：<code lang="en">confirmation-of-unknown</code>（<span lang="en">no such disbursement</span>）');
  });

  it("warns at the top while the mirror differs from the chain", function () {
    const html = renderCampaignPage(EN, page(), { verification: { ...OK, state: "differences", differences: 2 } });
    expect(html).to.include('role="alert"').and.include("found 2 differences");
    expect(html.indexOf('role="alert"')).to.be.below(html.indexOf("Money in, out and held"));
  });

  it("stays under 50 KB with ten payments and ten grants of long names", function () {
    for (const context of [EN, ZH]) expect(Buffer.byteLength(renderCampaignPage(context, page("很长的项目名称".repeat(10)), { verification: OK, explorerTxUrl: "https://scan.example/tx/{txHash}" }))).to.be.below(50 * 1024);
  });
});
