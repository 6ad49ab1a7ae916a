// The traces and readers the donor page tests share: gifts worked out by hand, and ways to read a rendered page.
import { expect } from "chai";
import QRCode from "qrcode";
import type { DonationTrace } from "../../../../server/domain/trace.ts";
import type { PageContext } from "../../../../server/http/pages/page-context.ts";

export const EN: PageContext = { lang: "en", timeZone: "UTC", switchHref: "/?lang=zh", publicUrl: "https://give.example.org" };
export const CODE = "DN-7K3Q-9XPA-M2RT-5WCB";
export const PAGE_URL = `https://give.example.org/track/${CODE}`;
export const RECORD_TX = "0x8f3c2a9b1d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff";
export const DISBURSE_TX = "0x1111222233334444555566667777888899990000aaaabbbbccccddddeeeeffff";
export const EVIDENCE = "0x2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

/** A CN¥1,250.00 gift by WeChat Pay, recorded, of which CN¥800.00 paid for programme work. */
export function confirmedTrace(overrides: Partial<DonationTrace> = {}): DonationTrace {
  return {
    trackingCode: CODE,
    status: "confirmed",
    amount: "125000",
    currency: "CNY",
    unspent: "45000",
    summary: { delivered: "0", paidUnconfirmed: "80000", inTransit: "0", heldDownstream: "0", heldHere: "45000", refunded: "0", corrected: "0" },
    flagged: [],
    inconsistent: false,
    organisation: { id: "1", name: "Yunnan Rural Education Foundation" },
    campaign: { id: "3", title: "Winter coats for village schools" },
    steps: [
      { kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "125000", channel: "wechat_pay" },
      {
        kind: "recorded",
        at: "2025-03-03T06:05:12.000Z",
        amount: "125000",
        recordId: "17",
        chain: { blockNumber: "1042", txHash: RECORD_TX, logIndex: 2 },
      },
      {
        kind: "disbursed",
        at: "2025-03-20T02:30:00.000Z",
        where: { hop: 0, organisation: { id: "1", name: "Yunnan Rural Education Foundation" }, campaign: { id: "3", title: "Winter coats for village schools" } },
        amount: "80000",
        disbursementAmount: "1200000",
        recordId: "31",
        recipientCommitment: "0x5b1c2c5a8b3f3e0f3c9a0a7e6c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796",
        purpose: "programme",
        evidenceSha256: EVIDENCE,
        confirmed: false,
        chain: { blockNumber: "1311", txHash: DISBURSE_TX, logIndex: 0 },
      },
    ],
    asOfBlock: "1388",
    ...overrides,
  };
}

export const FOUNDATION = { id: "1", name: "Yunnan Rural Education Foundation" };
export const PARTNER = { id: "2", name: "Harbour Community Partners" };
export const SUPPLIER = { id: "9", name: "Gansu Grain Cooperative" };
export const HOME = { id: "3", title: "Winter coats for village schools" };
export const PARTNER_CAMPAIGN = { id: "4", title: "School meals" };
export const SUPPLIER_CAMPAIGN = { id: "7", title: "Grain for schools" };
export const tx = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

/**
 * A CN¥1,200.00 gift: 800.00 passed on to a partner, 250.00 paid out by the foundation; the partner
 * paid 300.00 and passed 450.00 on to a supplier, which paid 400.00 out (delivered, confirmed).
 */
export function multiHopTrace(): DonationTrace {
  const at = (hop: number, organisation: { id: string; name: string }, campaign: { id: string; title: string }) => ({ hop, organisation, campaign });
  const disbursed = (recordId: string, where: ReturnType<typeof at>, amount: string, confirmed: boolean) => ({
    kind: "disbursed" as const,
    at: "2025-04-01T08:00:00.000Z",
    where,
    amount,
    disbursementAmount: amount,
    recordId,
    recipientCommitment: "0x5b1c2c5a8b3f3e0f3c9a0a7e6c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796",
    purpose: "programme" as const,
    evidenceSha256: EVIDENCE,
    confirmed,
    chain: { blockNumber: recordId, txHash: tx(Number(recordId)), logIndex: 0 },
  });
  const granted = (recordId: string, where: ReturnType<typeof at>, amount: string, to: typeof PARTNER, toCampaign: typeof HOME) => ({
    kind: "granted" as const,
    at: "2025-03-20T08:00:00.000Z",
    where,
    amount,
    grantAmount: amount,
    recordId,
    toOrganisation: to,
    toCampaign,
    acknowledged: true,
    refused: false,
    chain: { blockNumber: recordId, txHash: tx(Number(recordId)), logIndex: 0 },
  });
  return confirmedTrace({
    amount: "120000",
    unspent: "15000",
    summary: { delivered: "40000", paidUnconfirmed: "55000", inTransit: "0", heldDownstream: "10000", heldHere: "15000", refunded: "0", corrected: "0" },
    steps: [
      { kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "120000", channel: "wechat_pay" },
      { kind: "recorded", at: "2025-03-03T06:05:12.000Z", amount: "120000", recordId: "17", chain: { blockNumber: "17", txHash: RECORD_TX, logIndex: 2 } },
      granted("20", at(0, FOUNDATION, HOME), "80000", PARTNER, PARTNER_CAMPAIGN),
      disbursed("21", at(0, FOUNDATION, HOME), "25000", false),
      disbursed("23", at(1, PARTNER, PARTNER_CAMPAIGN), "30000", false),
      granted("24", at(1, PARTNER, PARTNER_CAMPAIGN), "45000", SUPPLIER, SUPPLIER_CAMPAIGN),
      disbursed("26", at(2, SUPPLIER, SUPPLIER_CAMPAIGN), "40000", true),
    ],
  });
}

export function pendingTrace(status: "pending" | "submitted"): DonationTrace {
  return confirmedTrace({
    status,
    unspent: "125000",
    steps: [{ kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "125000", channel: "alipay" }],
  });
}

export function failedTrace(reason: string): DonationTrace {
  return confirmedTrace({
    status: "failed",
    unspent: "125000",
    steps: [
      { kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "125000", channel: "bank" },
      { kind: "failed", at: "2025-03-03T06:06:00.000Z", reason },
    ],
  });
}

/** Roughly what a person reads: the body's text, tags dropped, entities decoded, spaces collapsed. */
export function readable(html: string): string {
  const body = html.replace(/^[\s\S]*?<body[^>]*>/, "").replace(/<\/body>[\s\S]*$/, "");
  const inline = /<\/?(strong|em|code|span|a|b|i|small)(\s[^>]*)?>/g;
  return decode(body.replace(inline, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The tracking input's opening tag. */
export function codeInput(html: string): string {
  // Attribute values may hold ">" (only " & and < are escaped), so read attribute by attribute.
  const inputs = [...html.matchAll(/<input(?:\s+[\w-]+(?:="[^"]*")?)*\s*\/?>/g)].map((m) => m[0]);
  const matching = inputs.filter((tag) => tag.includes(' name="code"'));
  expect(matching, "one tracking code input").to.have.length(1);
  return matching[0]!;
}

export function attr(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
