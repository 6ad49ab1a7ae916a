import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  C,
  disbursement,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  MAX_UINT128,
  R,
  REASON,
  UNKNOWN,
  withFunds,
} from "./fixtures.ts";

const NEXT = FUNDED_RECORDS + 1n;
const MIN_INT256 = -(2n ** 255n);
const MAX_INT256 = 2n ** 255n - 1n;

describe("Ledger: refunds and corrections (attested)", function () {
  describe("refundDonation", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).refundDonation(R.CNY_GIFT, C.CNY, 1n, REASON));
    });

    it("emits DonationRefunded with the balance left, and moves no value", async function () {
      const { ledger, by, operator, donor } = await loadFixture(withFunds);
      expect(await by(operator).refundDonation.staticCall(R.CNY_GIFT, C.CNY, 250n, REASON)).to.equal(NEXT);
      const tx = by(operator).refundDonation(R.CNY_GIFT, C.CNY, 250n, REASON);
      await expect(tx)
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 250n, REASON, FUNDED - 250n);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, donor], [0n, 0n]);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED - 250n);
    });

    it("can refund from a closed campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).refundDonation(R.CNY_GIFT, C.CNY, FUNDED, REASON))
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, FUNDED, REASON, 0n);
    });

    it("rejects an id no record has, before anything else", async function () {
      const { ledger, by, outsider } = await loadFixture(withFunds);
      for (const id of [0n, NEXT, UNKNOWN]) {
        await expect(by(outsider).refundDonation(id, C.CNY, 1n, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    it("rejects an unknown campaign, a zero amount and more than the campaign holds", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).refundDonation(R.CNY_GIFT, UNKNOWN, 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
        .withArgs(UNKNOWN);
      await expect(by(operator).refundDonation(R.CNY_GIFT, C.CNY, 0n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.CNY);
      await expect(by(operator).refundDonation(R.CNY_GIFT, C.CNY, FUNDED + 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, FUNDED + 1n);
    });

    // Known limit, by design: for attested campaigns the contract checks only that the record
    // exists; the off-chain mirror checks that it is a donation to this campaign and how much is left.
    it("for attested campaigns, takes any existing record id and any amount the balance covers", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).recordDisbursement(disbursement(C.CNY, 1n)); // record NEXT
      const refunds = [
        [NEXT, 10n], // a disbursement
        [R.OTHER_CNY_GIFT, 10n], // another organisation's donation
        [R.NATIVE_GIFT, 10n], // an on-chain donation to another campaign
        [R.CNY_GIFT, FUNDED - 31n], // more in total than the donation was
      ] as const;
      let balance = FUNDED - 1n;
      for (const [i, [id, amount]] of refunds.entries()) {
        balance -= amount;
        await expect(by(operator).refundDonation(id, C.CNY, amount, REASON))
          .to.emit(ledger, "DonationRefunded")
          .withArgs(NEXT + 1n + BigInt(i), id, C.CNY, amount, REASON, balance);
      }
    });
  });

  describe("correctRecord", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).correctRecord(R.CNY_GIFT, C.CNY, -1n, REASON));
    });

    it("moves the balance up or down by a signed delta and emits RecordCorrected", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      expect(await by(operator).correctRecord.staticCall(R.CNY_GIFT, C.CNY, 5n, REASON)).to.equal(NEXT);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, 500n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 500n, REASON, FUNDED + 500n);
      await expect(by(operator).correctRecord(NEXT, C.CNY, -(FUNDED + 500n), REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT + 1n, NEXT, C.CNY, -(FUNDED + 500n), REASON, 0n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(0n);
    });

    it("can correct a closed campaign, in both directions", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, 1n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 1n, REASON, FUNDED + 1n);
    });

    it("rejects a zero delta", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, 0n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.CNY);
    });

    it("never overdraws, even at the most negative delta", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, -(FUNDED + 1n), REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, FUNDED + 1n);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, MIN_INT256, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, ethers.MaxUint256);
    });

    it("rejects a delta that would take the balance past 2^128 - 1", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const delta of [MAX_UINT128 - FUNDED + 1n, MAX_INT256]) {
        await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, delta, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
          .withArgs(C.CNY, delta);
      }
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, MAX_UINT128 - FUNDED, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, MAX_UINT128 - FUNDED, REASON, MAX_UINT128);
    });

    // On-chain balances are what the contract holds; only attested books can be corrected.
    it("rejects native and token campaigns", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const [id, campaignId] of [[R.NATIVE_GIFT, C.NATIVE], [R.TOKEN_GIFT, C.TOKEN]] as const) {
        await expect(by(operator).correctRecord(id, campaignId, -1n, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerWrongAsset")
          .withArgs(campaignId, Asset.Attested);
      }
    });

    it("rejects an id no record has, and an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const id of [0n, NEXT]) {
        await expect(by(operator).correctRecord(id, C.CNY, 1n, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
      await expect(by(operator).correctRecord(R.CNY_GIFT, UNKNOWN, 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
        .withArgs(UNKNOWN);
    });

    // Known limit, by design: any existing record may be named, even one of another campaign.
    it("takes any existing record id, whatever its kind or campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).correctRecord(R.OTHER_CNY_GIFT, C.CNY, 7n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.OTHER_CNY_GIFT, C.CNY, 7n, REASON, FUNDED + 7n);
      await expect(by(operator).correctRecord(R.TOKEN_GIFT, C.CNY, -7n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT + 1n, R.TOKEN_GIFT, C.CNY, -7n, REASON, FUNDED);
    });
  });
});
