import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  C,
  Channel,
  disbursement,
  DONOR,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  MAX_UINT128,
  OTHER_ORG,
  UNKNOWN,
  withCampaigns,
  withFunds,
} from "./fixtures.ts";

const ATTESTED_CHANNELS = [Channel.Bank, Channel.Alipay, Channel.WeChatPay, Channel.Cash];

/** A DonationInput for recordDonations. */
function gift(campaignId: bigint, amount: bigint, channel: bigint = Channel.Bank, donorCommitment = DONOR) {
  return { campaignId, amount, channel, donorCommitment };
}

describe("Ledger: attested donations", function () {
  describe("recordDonation", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withCampaigns);
      return operatorOnlyContext(f, (from) => f.by(from).recordDonation(C.CNY, 1n, Channel.Alipay, DONOR));
    });

    it("emits DonationRecorded with record id 1 and the new balance", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      expect(await by(operator).recordDonation.staticCall(C.CNY, 500n, Channel.Bank, DONOR)).to.equal(1n);
      await expect(by(operator).recordDonation(C.CNY, 500n, Channel.WeChatPay, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, C.CNY, 500n, Channel.WeChatPay, DONOR, 500n);
      expect(await ledger.recordCount()).to.equal(1n);
    });

    it("adds up the balance, in the event and in the view, and moves no value", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const tx = by(operator).recordDonation(C.CNY, 250n, Channel.Cash, DONOR);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(FUNDED_RECORDS + 1n, C.CNY, 250n, Channel.Cash, DONOR, FUNDED + 250n);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, operator], [0n, 0n]);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED + 250n);
    });

    it("accepts every off-chain channel", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      let recordId = 0n;
      for (const channel of ATTESTED_CHANNELS) {
        recordId += 1n;
        await expect(by(operator).recordDonation(C.CNY, 10n, channel, DONOR))
          .to.emit(ledger, "DonationRecorded")
          .withArgs(recordId, C.CNY, 10n, channel, DONOR, recordId * 10n);
      }
    });

    // On-chain donations arrive through donateNative and donateToken only, which record what arrived.
    it("rejects the on-chain channel", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonation(C.CNY, 10n, Channel.OnChain, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidChannel")
        .withArgs(C.CNY, Channel.OnChain);
    });

    it("rejects a channel outside the enum in the ABI decoder", async function () {
      const { by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonation(C.CNY, 10n, 5n, DONOR)).to.be.revertedWithoutReason(ethers);
    });

    it("rejects native and token campaigns, which hold what actually arrived", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [C.NATIVE, C.TOKEN]) {
        await expect(by(operator).recordDonation(campaignId, 10n, Channel.Bank, DONOR))
          .to.be.revertedWithCustomError(ledger, "LedgerWrongAsset")
          .withArgs(campaignId, Asset.Attested);
      }
    });

    it("keeps each campaign's balance apart", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withFunds);
      await expect(by(otherOperator).recordDonation(C.OTHER_USD, 7n, Channel.Cash, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(FUNDED_RECORDS + 1n, C.OTHER_USD, 7n, Channel.Cash, DONOR, 7n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
      expect((await ledger.campaign(C.OTHER_CNY)).balance).to.equal(FUNDED);
    });

    it("rejects a zero amount", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonation(C.CNY, 0n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.CNY);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).recordDonation(campaignId, 1n, Channel.Bank, DONOR))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });

    it("rejects a closed campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
    });

    it("takes a balance up to 2^128 - 1 and not one unit more", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonation(C.CNY, MAX_UINT128 + 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, MAX_UINT128 + 1n);
      await expect(by(operator).recordDonation(C.CNY, MAX_UINT128 - 1n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, C.CNY, MAX_UINT128 - 1n, Channel.Bank, DONOR, MAX_UINT128 - 1n);
      await expect(by(operator).recordDonation(C.CNY, 2n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, 2n);
      await expect(by(operator).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, C.CNY, 1n, Channel.Bank, DONOR, MAX_UINT128);
    });

    // The sum balance + amount must not be formed before the check: it would overflow uint256
    // and panic instead of naming the problem.
    it("reports an amount near 2^256 on a funded campaign as too large, not as an overflow panic", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDonation(C.CNY, ethers.MaxUint256, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, ethers.MaxUint256);
    });
  });

  describe("recordDonations", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withCampaigns);
      return operatorOnlyContext(f, (from) => f.by(from).recordDonations([gift(C.CNY, 1n)]));
    });

    it("gives consecutive ids from recordCount + 1 and running balances, one event each", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const batch = [gift(C.CNY, 100n, Channel.Alipay), gift(C.CNY, 200n, Channel.Cash, ethers.id("other donor")), gift(C.CNY, 300n)];
      const first = FUNDED_RECORDS + 1n;
      expect(await by(operator).recordDonations.staticCall(batch)).to.equal(first);
      const tx = by(operator).recordDonations(batch);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(first, C.CNY, 100n, Channel.Alipay, DONOR, FUNDED + 100n);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(first + 1n, C.CNY, 200n, Channel.Cash, ethers.id("other donor"), FUNDED + 300n);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(first + 2n, C.CNY, 300n, Channel.Bank, DONOR, FUNDED + 600n);
      expect(await ledger.recordCount()).to.equal(first + 2n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED + 600n);
    });

    it("spans campaigns of every organisation the caller operates", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaigns);
      await by(registrar).addOperator(OTHER_ORG, operator.address);
      const tx = by(operator).recordDonations([gift(C.CNY, 5n), gift(C.OTHER_USD, 6n)]);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(1n, C.CNY, 5n, Channel.Bank, DONOR, 5n);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(2n, C.OTHER_USD, 6n, Channel.Bank, DONOR, 6n);
    });

    it("rejects an empty batch", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonations([]))
        .to.be.revertedWithCustomError(ledger, "LedgerEmptyBatch")
        .withArgs(0n);
    });

    it("records all or nothing: one bad item rejects the batch", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const good = gift(C.CNY, 100n);
      const cases = [
        { bad: gift(C.CNY, 0n), error: "LedgerZeroAmount", args: [C.CNY] },
        { bad: gift(C.CNY, 1n, Channel.OnChain), error: "LedgerInvalidChannel", args: [C.CNY, Channel.OnChain] },
        { bad: gift(C.NATIVE, 1n), error: "LedgerWrongAsset", args: [C.NATIVE, Asset.Attested] },
        { bad: gift(C.OTHER_CNY, 1n), error: "LedgerUnauthorizedOperator", args: [OTHER_ORG, operator.address] },
        { bad: gift(UNKNOWN, 1n), error: "LedgerUnknownCampaign", args: [UNKNOWN] },
        { bad: gift(C.CNY, MAX_UINT128), error: "LedgerAmountTooLarge", args: [C.CNY, MAX_UINT128] },
      ];
      for (const { bad, error, args } of cases) {
        await expect(by(operator).recordDonations([good, bad, good]))
          .to.be.revertedWithCustomError(ledger, error)
          .withArgs(...args);
      }
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
    });

    it("checks campaign id 0 like any other, even as the batch's first item", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonations([gift(0n, 1n)]))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
        .withArgs(0n);
    });

    it("keeps each campaign's running balance when the batch moves between campaigns and back", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaigns);
      await by(registrar).addOperator(OTHER_ORG, operator.address);
      const tx = by(operator).recordDonations([gift(C.CNY, 5n), gift(C.OTHER_USD, 6n), gift(C.CNY, 7n)]);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(3n, C.CNY, 7n, Channel.Bank, DONOR, 12n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(12n);
      expect((await ledger.campaign(C.OTHER_USD)).balance).to.equal(6n);
    });

    it("rejects a closed campaign in the batch", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).recordDonations([gift(C.CNY, 1n)]))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
    });

    it("checks the running balance, so the batch cannot overflow a campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonations([gift(C.CNY, MAX_UINT128), gift(C.CNY, 1n)]))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, 1n);
    });
  });

  describe("record ids", function () {
    it("share one counter across donations, grants, disbursements, refunds and corrections", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const ids: bigint[] = [];
      const op = by(operator);
      ids.push(await op.makeGrant.staticCall(C.CNY, C.OTHER_CNY, 1n, ethers.id("m")));
      await op.makeGrant(C.CNY, C.OTHER_CNY, 1n, ethers.id("m"));
      ids.push(await op.recordDonation.staticCall(C.CNY, 1n, Channel.Bank, DONOR));
      await op.recordDonation(C.CNY, 1n, Channel.Bank, DONOR);
      const d = disbursement(C.CNY, 1n);
      ids.push(await op.recordDisbursement.staticCall(d));
      await op.recordDisbursement(d);
      ids.push(await op.refundDonation.staticCall(1n, C.CNY, 1n, ethers.id("r")));
      await op.refundDonation(1n, C.CNY, 1n, ethers.id("r"));
      ids.push(await op.correctRecord.staticCall(1n, C.CNY, -1n, ethers.id("c")));
      await op.correctRecord(1n, C.CNY, -1n, ethers.id("c"));
      const first = FUNDED_RECORDS + 1n;
      expect(ids).to.deep.equal([first, first + 1n, first + 2n, first + 3n, first + 4n]);
      expect(await ledger.recordCount()).to.equal(first + 4n);
      // A failed write takes no id.
      await expect(op.recordDonation(C.CNY, 0n, Channel.Bank, DONOR)).to.revert(ethers);
      expect(await op.recordDonation.staticCall(C.CNY, 1n, Channel.Bank, DONOR)).to.equal(first + 5n);
    });
  });
});
