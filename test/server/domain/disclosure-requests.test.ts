import { expect } from "chai";
import { ZPublishDisclosureRequest } from "../../../server/domain/disclosure-requests.ts";

const HASH = "AB".repeat(32);
const request = (overrides: Record<string, unknown>) => ({ coversFrom: "2026-07-01", coversTo: "2026-09-30", documentSha256: HASH, ...overrides });
const seconds = (iso: string) => BigInt(Date.parse(iso) / 1000);

/** The reasons given for `field`, or [] when the input passes. */
function reasons(input: unknown, field: string): string[] {
  const result = ZPublishDisclosureRequest.safeParse(input);
  return result.success ? [] : result.error.issues.filter((i) => i.path.join(".") === field).map((i) => i.message);
}

describe("a disclosure request", function () {
  it("reads a date as its first second for coversFrom and its last for coversTo (UTC), so two dates cover whole days", function () {
    expect(ZPublishDisclosureRequest.parse(request({}))).to.deep.equal({
      coversFrom: seconds("2026-07-01T00:00:00Z"),
      coversTo: seconds("2026-09-30T23:59:59Z"),
      documentSha256: "0x" + "ab".repeat(32),
      final: false,
    });
    const oneDay = ZPublishDisclosureRequest.parse(request({ coversFrom: "2026-02-28", coversTo: "2026-02-28", final: true }));
    expect([oneDay.coversTo - oneDay.coversFrom, oneDay.final]).to.deep.equal([86_399n, true]);
  });

  it("reads a date and time with its offset as that instant, minutes or seconds", function () {
    const parsed = ZPublishDisclosureRequest.parse(request({ coversFrom: "2026-07-01T00:00+08:00", coversTo: "2026-09-30T23:59:59-05:30" }));
    expect(parsed.coversFrom).to.equal(seconds("2026-06-30T16:00:00Z"));
    expect(parsed.coversTo).to.equal(seconds("2026-10-01T05:29:59Z"));
    expect(ZPublishDisclosureRequest.parse(request({ coversFrom: "1970-01-01T00:00:00Z" })).coversFrom).to.equal(0n);
  });

  it("refuses what names no single instant in whole seconds from 1970 on", function () {
    for (const value of ["2026-7-1", "2026-07-01T10:00", "2026-07-01 10:00Z", "2026-07-01T10:00:00.5Z", "2026-07-01T24:00Z", "2026-07-01T10:60Z", "2026-07-01T10:00+24:00", "July 1st", "", 1_782_864_000, null]) {
      expect(reasons(request({ coversFrom: value }), "coversFrom"), String(value)).to.not.be.empty;
    }
    expect(reasons(request({ coversTo: "2026-02-29" }), "coversTo")).to.deep.equal(["must be a real calendar date"]);
    expect(reasons(request({ coversFrom: "1969-12-31" }), "coversFrom")).to.deep.equal(["must be from 1970 on"]);
    expect(reasons(request({ coversFrom: "1970-01-01T07:59:59+08:00" }), "coversFrom")).to.deep.equal(["must be from 1970 on"]);
  });

  it("takes a document's SHA-256 with or without 0x, never zero, and nothing else", function () {
    expect(ZPublishDisclosureRequest.parse(request({ documentSha256: "0x" + "cd".repeat(32) })).documentSha256).to.equal("0x" + "cd".repeat(32));
    for (const hash of ["0".repeat(64), "0x" + "0".repeat(64), "ab".repeat(31), "zz".repeat(32), undefined]) {
      expect(reasons(request({ documentSha256: hash }), "documentSha256"), String(hash)).to.not.be.empty;
    }
    expect(reasons(request({ final: "true" }), "final")).to.deep.equal(["must be true or false"]);
    expect(ZPublishDisclosureRequest.safeParse(request({ amount: "1" })).success).to.equal(false);
  });
});
