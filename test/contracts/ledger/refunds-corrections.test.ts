import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  AUDITOR_ROLE,
  balanceOf,
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
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 250n, REASON, FUNDED - 250n, operator.address);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, donor], [0n, 0n]);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED - 250n);
    });

    it("can refund from a closed campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).refundDonation(R.CNY_GIFT, C.CNY, FUNDED, REASON))
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, FUNDED, REASON, 0n, operator.address);
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
          .withArgs(NEXT + 1n + BigInt(i), id, C.CNY, amount, REASON, balance, operator.address);
      }
    });
  });

  describe("correctRecord", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).correctRecord(R.CNY_GIFT, C.CNY, -1n, REASON));
    });

    it("moves the balance down at once by a negative delta and emits RecordCorrected", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      expect(await by(operator).correctRecord.staticCall(R.CNY_GIFT, C.CNY, -5n, REASON)).to.equal(NEXT);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, -500n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, -500n, REASON, FUNDED - 500n, operator.address);
      await expect(by(operator).correctRecord(NEXT, C.CNY, -(FUNDED - 500n), REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT + 1n, NEXT, C.CNY, -(FUNDED - 500n), REASON, 0n, operator.address);
      expect(await balanceOf(ledger, C.CNY)).to.equal(0n);
    });

    // Money that appears from a correction must be vouched for by an auditor before it counts.
    it("leaves a positive delta pending: RecordCorrected reports the balance unchanged", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      expect(await by(operator).correctRecord.staticCall(R.CNY_GIFT, C.CNY, 500n, REASON)).to.equal(NEXT);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, 500n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 500n, REASON, FUNDED, operator.address);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
      expect(await ledger.recordCount()).to.equal(NEXT);
      // What is pending cannot be spent.
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, FUNDED + 1n)))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, FUNDED + 1n);
    });

    it("can correct a closed campaign, in both directions", async function () {
      const { ledger, by, operator, auditor } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, 1n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, 1n, REASON, FUNDED, operator.address);
      await expect(by(auditor).approveCorrection(NEXT))
        .to.emit(ledger, "CorrectionApproved")
        .withArgs(NEXT + 1n, NEXT, C.CNY, 1n, FUNDED + 1n, auditor.address);
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, -2n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT + 2n, R.CNY_GIFT, C.CNY, -2n, REASON, FUNDED - 1n, operator.address);
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

    // The pending amount is checked against what a balance can hold; the balance it will join,
    // when the auditor approves.
    it("rejects a positive delta above 2^128 - 1, and leaves the balance check to the approval", async function () {
      const { ledger, by, operator, auditor } = await loadFixture(withFunds);
      for (const delta of [MAX_UINT128 + 1n, MAX_INT256]) {
        await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, delta, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
          .withArgs(C.CNY, delta);
      }
      await expect(by(operator).correctRecord(R.CNY_GIFT, C.CNY, MAX_UINT128 - FUNDED + 1n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT, R.CNY_GIFT, C.CNY, MAX_UINT128 - FUNDED + 1n, REASON, FUNDED, operator.address);
      await expect(by(auditor).approveCorrection(NEXT))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, MAX_UINT128 - FUNDED + 1n);
      await by(operator).correctRecord(R.CNY_GIFT, C.CNY, MAX_UINT128 - FUNDED, REASON); // NEXT + 1
      await expect(by(auditor).approveCorrection(NEXT + 1n))
        .to.emit(ledger, "CorrectionApproved")
        .withArgs(NEXT + 2n, NEXT + 1n, C.CNY, MAX_UINT128 - FUNDED, MAX_UINT128, auditor.address);
    });

    // On-chain balances are what the contract holds; only attested books can be corrected.
    it("rejects native and token campaigns", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const [id, campaignId] of [[R.NATIVE_GIFT, C.NATIVE], [R.TOKEN_GIFT, C.TOKEN]] as const) {
        for (const delta of [-1n, 1n]) {
          await expect(by(operator).correctRecord(id, campaignId, delta, REASON))
            .to.be.revertedWithCustomError(ledger, "LedgerWrongAsset")
            .withArgs(campaignId, Asset.Attested);
        }
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
        .withArgs(NEXT, R.OTHER_CNY_GIFT, C.CNY, 7n, REASON, FUNDED, operator.address);
      await expect(by(operator).correctRecord(R.TOKEN_GIFT, C.CNY, -7n, REASON))
        .to.emit(ledger, "RecordCorrected")
        .withArgs(NEXT + 1n, R.TOKEN_GIFT, C.CNY, -7n, REASON, FUNDED - 7n, operator.address);
    });
  });

  describe("approveCorrection", function () {
    const PENDING = NEXT;

    /** As withFunds, with positive correction PENDING of 500 to ORG's CNY campaign waiting for an auditor. */
    async function withPendingCorrection() {
      const f = await withFunds();
      await f.by(f.operator).correctRecord(R.CNY_GIFT, C.CNY, 500n, REASON);
      return f;
    }

    it("lets an auditor credit the correction: a new record, CorrectionApproved, the balance up", async function () {
      const { ledger, by, auditor } = await loadFixture(withPendingCorrection);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
      expect(await by(auditor).approveCorrection.staticCall(PENDING)).to.equal(PENDING + 1n);
      await expect(by(auditor).approveCorrection(PENDING))
        .to.emit(ledger, "CorrectionApproved")
        .withArgs(PENDING + 1n, PENDING, C.CNY, 500n, FUNDED + 500n, auditor.address);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED + 500n);
      expect(await ledger.recordCount()).to.equal(PENDING + 1n);
    });

    it("is for auditors only: the organisation's operators, the registrar, the admin and strangers are refused", async function () {
      const { ledger, by, admin, registrar, operator, fellowOperator, otherOperator, outsider } =
        await loadFixture(withPendingCorrection);
      for (const account of [operator, fellowOperator, otherOperator, registrar, admin, outsider]) {
        await expect(by(account).approveCorrection(PENDING))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, AUDITOR_ROLE);
      }
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
    });

    it("follows the admin's appointment and revocation of auditors", async function () {
      const { ledger, by, admin, auditor, newcomer } = await loadFixture(withPendingCorrection);
      await by(admin).revokeRole(AUDITOR_ROLE, auditor.address);
      await expect(by(auditor).approveCorrection(PENDING))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(auditor.address, AUDITOR_ROLE);
      await by(admin).grantRole(AUDITOR_ROLE, newcomer.address);
      await expect(by(newcomer).approveCorrection(PENDING))
        .to.emit(ledger, "CorrectionApproved")
        .withArgs(PENDING + 1n, PENDING, C.CNY, 500n, FUNDED + 500n, newcomer.address);
    });

    it("rejects approving twice", async function () {
      const { ledger, by, auditor } = await loadFixture(withPendingCorrection);
      await by(auditor).approveCorrection(PENDING);
      await expect(by(auditor).approveCorrection(PENDING))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
        .withArgs(PENDING);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED + 500n);
    });

    it("rejects an id that is not a pending correction: a donation, a negative correction, no record", async function () {
      const { ledger, by, operator, auditor } = await loadFixture(withPendingCorrection);
      await by(operator).correctRecord(R.CNY_GIFT, C.CNY, -1n, REASON); // PENDING + 1
      for (const id of [0n, R.CNY_GIFT, PENDING + 1n, PENDING + 2n, UNKNOWN]) {
        await expect(by(auditor).approveCorrection(id))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    it("credits the campaign the correction named, closed or not, whatever happened to it since", async function () {
      const { ledger, by, operator, auditor } = await loadFixture(withPendingCorrection);
      await by(operator).recordDisbursement(disbursement(C.CNY, FUNDED)); // PENDING + 1: drains it
      await by(operator).closeCampaign(C.CNY);
      await expect(by(auditor).approveCorrection(PENDING))
        .to.emit(ledger, "CorrectionApproved")
        .withArgs(PENDING + 2n, PENDING, C.CNY, 500n, 500n, auditor.address);
    });
  });
});
