import { expect } from "chai";
import { formatMinorUnits, minorUnitsToDecimal } from "../../../server/domain/money.ts";

describe("money formatting", function () {
  it("formats integer minor units with the currency's exponent", function () {
    expect(formatMinorUnits(125_000n, "CNY")).to.equal("1,250.00 CNY");
    expect(formatMinorUnits(5n, "CNY")).to.equal("0.05 CNY");
    expect(formatMinorUnits(1500n, "JPY")).to.equal("1,500 JPY");
    expect(formatMinorUnits(1234n, "KWD")).to.equal("1.234 KWD");
  });

  it("never loses precision on amounts beyond 2^53", function () {
    expect(formatMinorUnits(123456789012345678901n, "USD")).to.equal("1,234,567,890,123,456,789.01 USD");
  });
});

describe("minor units as a decimal", function () {
  it("places the point by the exponent, exactly, with no grouping", function () {
    expect(minorUnitsToDecimal(1234567n, 2)).to.equal("12345.67");
    expect(minorUnitsToDecimal(5n, 2)).to.equal("0.05");
    expect(minorUnitsToDecimal(0n, 2)).to.equal("0.00");
    expect(minorUnitsToDecimal(1500n, 0)).to.equal("1500");
    expect(minorUnitsToDecimal(1234n, 3)).to.equal("1.234");
    expect(minorUnitsToDecimal(-10n, 2)).to.equal("-0.10");
  });

  it("keeps every digit of amounts far beyond 2^53 (a float would not)", function () {
    const max = (1n << 128n) - 1n;
    expect(minorUnitsToDecimal(max, 2)).to.equal("3402823669209384634633746074317682114.55");
    expect(minorUnitsToDecimal(9007199254740993n, 2)).to.equal("90071992547409.93");
    expect(String(Number(9007199254740993n) / 100)).to.not.equal("90071992547409.93"); // the float route loses the last digit
  });

  it("refuses an exponent that is not a whole number ≥ 0", function () {
    expect(() => minorUnitsToDecimal(1n, -1)).to.throw(RangeError);
    expect(() => minorUnitsToDecimal(1n, 1.5)).to.throw(RangeError);
  });
});
