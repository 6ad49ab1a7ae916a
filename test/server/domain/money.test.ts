import { expect } from "chai";
import { formatMinorUnits } from "../../../server/domain/money.ts";

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
