import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import { C, ethers, FUNDED, loadFixture, networkHelpers, ORG, OTHER_ORG, UNKNOWN, withCampaigns, withFunds } from "./fixtures.ts";

/** SHA-256 of a published disclosure document. */
const DOCUMENT = ethers.sha256(ethers.toUtf8Bytes("Winter coats: funds raised over the last quarter"));
const DAY = 86_400n;

describe("Ledger: disclosures", function () {
  /**
   * The funds of `withFunds` and a past period to disclose: the chain shares its clock with every
   * other test file, so the period is read from it, `from` ninety days and `to` one day ago.
   */
  async function withPastPeriod() {
    const f = await withFunds();
    const now = BigInt(await networkHelpers.time.latest());
    return { ...f, from: now - 90n * DAY, to: now - DAY };
  }

  describe("publishDisclosure", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withPastPeriod);
      return operatorOnlyContext(f, (signer) => f.by(signer).publishDisclosure(C.CNY, f.from, f.to, DOCUMENT, false));
    });

    it("emits DisclosurePublished with the period, the document, whether it is final, the organisation and the signer", async function () {
      const { ledger, by, operator, fellowOperator, from, to } = await loadFixture(withPastPeriod);
      await expect(by(operator).publishDisclosure(C.CNY, from, to, DOCUMENT, false))
        .to.emit(ledger, "DisclosurePublished")
        .withArgs(C.CNY, ORG, from, to, DOCUMENT, false, operator.address);
      // Again, for the same period (a corrected document is a new disclosure, never an edit), by another operator.
      await expect(by(fellowOperator).publishDisclosure(C.CNY, from, to, DOCUMENT, true))
        .to.emit(ledger, "DisclosurePublished")
        .withArgs(C.CNY, ORG, from, to, DOCUMENT, true, fellowOperator.address);
      // It moves no money and makes no record.
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
      expect(await ledger.recordCount()).to.equal(5n);
    });

    it("takes a period of one instant, and one that ends at the block's own time", async function () {
      const { ledger, by, operator, from } = await loadFixture(withPastPeriod);
      await expect(by(operator).publishDisclosure(C.CNY, from, from, DOCUMENT, false))
        .to.emit(ledger, "DisclosurePublished")
        .withArgs(C.CNY, ORG, from, from, DOCUMENT, false, operator.address);
      const next = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(next);
      await expect(by(operator).publishDisclosure(C.CNY, from, next, DOCUMENT, false))
        .to.emit(ledger, "DisclosurePublished")
        .withArgs(C.CNY, ORG, from, next, DOCUMENT, false, operator.address);
    });

    // The full disclosure comes after the drive ended.
    it("publishes for a closed campaign", async function () {
      const { ledger, by, operator, from, to } = await loadFixture(withPastPeriod);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).publishDisclosure(C.CNY, from, to, DOCUMENT, true))
        .to.emit(ledger, "DisclosurePublished")
        .withArgs(C.CNY, ORG, from, to, DOCUMENT, true, operator.address);
    });

    it("refuses a period that ends before it starts, or after the block's time, with the values and the block's time", async function () {
      const { ledger, by, operator, from, to } = await loadFixture(withPastPeriod);
      const first = to + 2n * DAY;
      await networkHelpers.time.setNextBlockTimestamp(first);
      await expect(by(operator).publishDisclosure(C.CNY, to, from, DOCUMENT, false))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidDisclosurePeriod")
        .withArgs(C.CNY, to, from, first);
      const at = first + DAY;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(by(operator).publishDisclosure(C.CNY, from, at + 1n, DOCUMENT, false))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidDisclosurePeriod")
        .withArgs(C.CNY, from, at + 1n, at);
      const max = 2n ** 64n - 1n;
      await expect(by(operator).publishDisclosure(C.CNY, max, max, DOCUMENT, false)).to.be.revertedWithCustomError(ledger, "LedgerInvalidDisclosurePeriod");
    });

    it("refuses a disclosure that names no document", async function () {
      const { ledger, by, operator, from, to } = await loadFixture(withPastPeriod);
      await expect(by(operator).publishDisclosure(C.CNY, from, to, ethers.ZeroHash, false))
        .to.be.revertedWithCustomError(ledger, "LedgerMissingDocument")
        .withArgs(C.CNY);
    });

    it("refuses another organisation's campaign, open or closed", async function () {
      const { ledger, by, operator, otherOperator, from, to } = await loadFixture(withPastPeriod);
      await expect(by(operator).publishDisclosure(C.OTHER_CNY, from, to, DOCUMENT, false))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
      await by(otherOperator).closeCampaign(C.OTHER_CNY);
      await expect(by(operator).publishDisclosure(C.OTHER_CNY, from, to, DOCUMENT, true))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).publishDisclosure(campaignId, 0n, 0n, DOCUMENT, false))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });
  });
});
