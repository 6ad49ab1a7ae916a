import { expect } from "chai";
import QRCode from "qrcode";
import { receiptOf, type DonationReceipt } from "../../../../server/domain/receipt.ts";
import type { DonationTrace } from "../../../../server/domain/trace.ts";
import { catalogueProblems } from "../../../../server/http/i18n/locale.ts";
import { renderReceiptPage } from "../../../../server/http/pages/index.ts";
import type { PageContext } from "../../../../server/http/pages/page-context.ts";
import { receiptText } from "../../../../server/http/pages/receipt-strings.ts";

const CODE = "DN-7K3Q-9XPA-M2RT-5WCB";
const PUBLIC = "https://give.example.org";
const JOURNEY = `${PUBLIC}/track/${CODE}`;
const LEDGER = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const TX = "0x8f3c2a9b1d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff";
const context = (lang: "zh" | "en"): PageContext => ({ lang, timeZone: "Asia/Shanghai", switchHref: `/receipts/${CODE}?lang=${lang === "zh" ? "en" : "zh"}`, publicUrl: PUBLIC });

/** A CN¥1,250.00 gift by WeChat Pay at 06:05 UTC (14:05 in Beijing), recorded in block 1042. */
function trace(overrides: Partial<DonationTrace> = {}): DonationTrace {
  return {
    trackingCode: CODE,
    status: "confirmed",
    amount: "125000",
    currency: "CNY",
    unspent: "125000",
    summary: { delivered: "0", paidUnconfirmed: "0", inTransit: "0", heldDownstream: "0", heldHere: "125000", refunded: "0", corrected: "0" },
    flagged: [],
    inconsistent: false,
    organisation: { id: "1", name: "云南乡村教育基金会" },
    campaign: { id: "3", title: "Winter coats <for> village schools" },
    steps: [
      { kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "125000", channel: "wechat_pay" },
      { kind: "recorded", at: "2025-03-03T06:05:12.000Z", amount: "125000", recordId: "17", chain: { blockNumber: "1042", txHash: TX, logIndex: 2 } },
    ],
    asOfBlock: "1388",
    ...overrides,
  };
}

async function render(lang: "zh" | "en", receipt: DonationReceipt = receiptOf(trace())): Promise<string> {
  const qrSvg = await QRCode.toString(JOURNEY, { type: "svg", margin: 2 });
  return renderReceiptPage(context(lang), receipt, { qrSvg, journeyUrl: JOURNEY, ledgerAddress: LEDGER });
}

/** The page's text without tags, entities decoded, white space made one space. */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("receipt page", function () {
  it("prints a command that runs as it stands when the deployment names a public chain node", async function () {
    const qrSvg = await QRCode.toString(JOURNEY, { type: "svg", margin: 2 });
    const node = "https://rpc.give.example.org";
    for (const lang of ["en", "zh"] as const) {
      const page = text(renderReceiptPage(context(lang), receiptOf(trace()), { qrSvg, journeyUrl: JOURNEY, ledgerAddress: LEDGER, publicRpcUrl: node }));
      expect(page).to.include(`--rpc ${node} --ledger ${LEDGER}`);
      expect(page).to.not.include("NODE");
    }
    expect(text(await render("en"))).to.include("--rpc NODE --ledger");
  });

  it("has the same words in zh and en", function () {
    expect(catalogueProblems(receiptText)).to.deep.equal([]);
  });

  it("takes the receipt's facts from the trace: received, recorded, status in the donor's terms", function () {
    expect(receiptOf(trace())).to.deep.equal({
      trackingCode: CODE,
      amount: "125000",
      currency: "CNY",
      organisation: { id: "1", name: "云南乡村教育基金会" },
      campaign: { id: "3", title: "Winter coats <for> village schools" },
      receivedAt: "2025-03-03T06:05:00.000Z",
      status: "recorded",
      recorded: { at: "2025-03-03T06:05:12.000Z", recordId: "17", chain: { blockNumber: "1042", txHash: TX, logIndex: 2 } },
    });
    expect(receiptOf(trace({ status: "submitted", steps: [trace().steps[0]!] })).status).to.equal("pending");
    expect(receiptOf(trace({ status: "failed", steps: [trace().steps[0]!] })).status).to.equal("failed");
  });

  it("in English: CN¥, Beijing time, the grouped code, the status in words and the three find-gift lines", async function () {
    const html = await render("en");
    const words = text(html);
    expect(html).to.match(/^<!doctype html><html lang="en">/);
    expect(words).to.include("CN¥1,250.00");
    expect(words).to.include("March 3, 2025 at 14:05 (Beijing time)");
    expect(html).to.include("<span>DN-</span><wbr/><span>7K3Q-</span><wbr/><span>9XPA-</span><wbr/><span>M2RT-</span><wbr/><span>5WCB</span>");
    expect(words).to.include(`Status: Recorded on the public ledger`);
    expect(words).to.include("Ledger record 17 in block 1042");
    expect(words).to.include("Winter coats <for> village schools");
    expect(html).not.to.include("<for>");
    expect(words).to.include("run npm install in its folder");
    expect(words).to.include(`Run npm run find-gift -- ${CODE} --rpc NODE --ledger ${LEDGER}, with the address of a node of the ledger’s chain in place of NODE`);
    expect(words).to.include("It prints the amount in minor units (125000 for this gift)");
    expect(html.match(/<ol>[\s\S]*?<\/ol>/)![0].match(/<li>/g)).to.have.length(3);
    expect(html).to.include(`href="${JOURNEY}"`);
    expect(html).to.match(/<div class="qr" id="receipt-qr" role="img" aria-label="[^"]+"><svg/);
    expect(html).to.include('lang="zh-CN">云南乡村教育基金会');
    expect(html).to.include("@page { size: A6;");
  });

  it("in Chinese: ¥, 北京时间, the same code and three lines", async function () {
    const html = await render("zh");
    const words = text(html);
    expect(html).to.match(/^<!doctype html><html lang="zh-CN">/);
    expect(words).to.include("¥1,250.00");
    expect(words).not.to.include("CN¥");
    expect(words).to.include("2025年3月3日 14:05 (北京时间)");
    expect(words).to.include("状态：已记入公开账本");
    expect(words).to.include(`运行 npm run find-gift -- ${CODE} --rpc NODE --ledger ${LEDGER}`);
    expect(words).to.include("本次捐赠为 125000");
    expect(html.match(/<ol>[\s\S]*?<\/ol>/)![0].match(/<li>/g)).to.have.length(3);
  });

  it("says a gift not yet on the ledger is on its way, and shows no ledger record", async function () {
    const words = text(await render("en", receiptOf(trace({ status: "pending", steps: [trace().steps[0]!] }))));
    expect(words).to.include("Status: Received, not yet on the public ledger");
    expect(words).not.to.include("Ledger record");
    expect(words).to.include("Until your gift is on the ledger the script finds nothing");
  });

  it("leaves out a QR code that is not a bare SVG", async function () {
    const html = renderReceiptPage(context("en"), receiptOf(trace()), { qrSvg: "<svg><script>alert(1)</script></svg>", journeyUrl: JOURNEY, ledgerAddress: LEDGER });
    expect(html).not.to.include("<script>");
    expect(html).not.to.include('id="receipt-qr"');
  });
});
