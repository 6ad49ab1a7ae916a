import { expect } from "chai";
import { barWidths, basisPointsAsPercent, confirmedByRole, progressBasisPoints } from "../../../server/domain/ledger-page.ts";

describe("domain/ledger-page: the public pages' arithmetic", function () {
  it("tells a recipient's confirmation from an auditor's by the confirmer the ledger named", function () {
    const named = "0xAbCd000000000000000000000000000000000001";
    expect(confirmedByRole({ confirmer: named, confirmedBy: named.toLowerCase() })).to.equal("recipient");
    expect(confirmedByRole({ confirmer: named, confirmedBy: "0x00000000000000000000000000000000000000aa" })).to.equal("auditor");
    expect(confirmedByRole({ confirmer: null, confirmedBy: "0x00000000000000000000000000000000000000aa" })).to.equal("auditor");
    expect(confirmedByRole({ confirmer: named, confirmedBy: null })).to.equal(null);
  });

  it("measures progress to a target in basis points, rounded down, past 100% when exceeded", function () {
    expect(progressBasisPoints(0n, 0n)).to.equal(null);
    expect(progressBasisPoints(5n, 0n)).to.equal(null);
    expect(progressBasisPoints(0n, 100n)).to.equal(0);
    expect(progressBasisPoints(1n, 3n)).to.equal(3333);
    expect(progressBasisPoints(150n, 100n)).to.equal(15_000);
    // Amounts far past a double's exact range stay exact.
    expect(progressBasisPoints(10n ** 30n + 1n, 2n * 10n ** 30n)).to.equal(5000);
  });

  it("writes basis points as a percentage with at most one decimal, rounded down", function () {
    expect(basisPointsAsPercent(0)).to.equal("0");
    expect(basisPointsAsPercent(9)).to.equal("0");
    expect(basisPointsAsPercent(10)).to.equal("0.1");
    expect(basisPointsAsPercent(3333)).to.equal("33.3");
    expect(basisPointsAsPercent(10_000)).to.equal("100");
    expect(basisPointsAsPercent(15_055)).to.equal("150.5");
  });

  it("gives each non-zero part of a bar at least one ten-thousandth, and zero parts none", function () {
    expect(barWidths([1n, 0n, 999_999n], 1_000_000n)).to.deep.equal([1, 0, 9999]);
    expect(barWidths([1n, 1n], 2n)).to.deep.equal([5000, 5000]);
    expect(barWidths([0n, 0n], 0n)).to.deep.equal([0, 0]);
  });
});
