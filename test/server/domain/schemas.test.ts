import { expect } from "chai";
import { MAX_AMOUNT } from "../../../server/domain/money.ts";
import { LIMITS, ZIdText, ZRecordDisbursementRequest, ZRecordDonationRequest, ZTokenRequest } from "../../../server/domain/schemas.ts";

const donation = (overrides: Record<string, unknown>) => ({ campaignId: "1", amount: "10", channel: "bank", ...overrides });

/** The reason for `field`, or undefined when the input passes. */
function reason(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown, field: string): string | undefined {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  return result.error!.issues.find((i) => i.path.join(".") === field)?.message ?? "(other field)";
}

describe("request schemas state their limits", function () {
  it("ids: 1 to 2^63-1, the range of a Postgres bigint", function () {
    expect(LIMITS.maxId).to.equal(9223372036854775807n);
    expect(ZRecordDonationRequest.parse(donation({ campaignId: "9223372036854775807" })).campaignId).to.equal(LIMITS.maxId);
    expect(reason(ZRecordDonationRequest, donation({ campaignId: "9223372036854775808" }), "campaignId")).to.match(/at most 9223372036854775807/);
    expect(reason(ZRecordDonationRequest, donation({ campaignId: "9999999999999999999" }), "campaignId")).to.match(/at most/);
    expect(reason(ZRecordDonationRequest, donation({ campaignId: 2 ** 63 }), "campaignId")).to.match(/positive integer id/);
    expect(reason(ZRecordDonationRequest, donation({ campaignId: "0" }), "campaignId")).to.match(/positive integer id/);
    expect(ZIdText.safeParse("9223372036854775808").success).to.equal(false);
    expect(ZIdText.parse("42")).to.equal(42n);
  });

  it("amounts: 1 to 2^128-1, what a ledger balance (uint128) holds", function () {
    expect(MAX_AMOUNT).to.equal(2n ** 128n - 1n);
    expect(ZRecordDonationRequest.parse(donation({ amount: MAX_AMOUNT.toString() })).amount).to.equal(MAX_AMOUNT);
    for (const amount of [(MAX_AMOUNT + 1n).toString(), "9".repeat(LIMITS.amountDigits + 1), "1".repeat(10_000)]) {
      expect(reason(ZRecordDonationRequest, donation({ amount }), "amount")).to.match(/at most 2\^128-1/);
    }
    expect(reason(ZRecordDonationRequest, donation({ amount: 1e300 }), "amount")).to.match(/too large for a JSON number/);
    expect(reason(ZRecordDisbursementRequest, { campaignId: "1", amount: (1n << 128n).toString(), purpose: "programme", recipientRef: "R", evidenceSha256: "ab".repeat(32) }, "amount")).to.match(/2\^128-1/);
  });

  describe("free text refuses control characters and lone surrogates, naming the field", function () {
    const bad: [string, string, RegExp][] = [
      ["NUL", "a\u0000b", /control characters/],
      ["a tab", "a\tb", /control characters/],
      ["DEL", "a\u007f", /control characters/],
      ["a C1 control", "\u0090a", /control characters/],
      ["a lone high surrogate", "a\ud800", /lone surrogates/],
      ["a lone low surrogate", "\udfffa", /lone surrogates/],
      ["surrogates in the wrong order", "\udc00\ud800", /lone surrogates/],
    ];
    for (const [name, value, why] of bad) {
      it(name, function () {
        expect(reason(ZRecordDonationRequest, donation({ donorReference: value }), "donorReference")).to.match(why);
        expect(reason(ZTokenRequest, { client_id: value, client_secret: "s" }, "client_id")).to.match(why);
        expect(reason(ZTokenRequest, { client_id: "c", client_secret: value }, "client_secret")).to.match(why);
      });
    }

    it("but takes any other Unicode, astral characters included", function () {
      for (const value of ["李雷 😀", "Zoë", "مرحبا", "a b"]) {
        expect(reason(ZRecordDonationRequest, donation({ donorReference: value }), "donorReference")).to.equal(undefined);
      }
    });

    it("up to its stated length", function () {
      expect(reason(ZRecordDonationRequest, donation({ donorReference: "x".repeat(LIMITS.donorReferenceLength) }), "donorReference")).to.equal(undefined);
      expect(reason(ZRecordDonationRequest, donation({ donorReference: "x".repeat(LIMITS.donorReferenceLength + 1) }), "donorReference")).to.match(/at most 200 characters/);
      expect(reason(ZTokenRequest, { client_id: "c".repeat(LIMITS.clientIdLength + 1), client_secret: "s" }, "client_id")).to.match(/at most 100 characters/);
    });
  });
});
