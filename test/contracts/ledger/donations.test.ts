import { expect } from "chai";
import type { Contract, EventLog } from "ethers";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  C,
  CAMPAIGN_COUNT,
  Channel,
  disbursement,
  DONOR,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  MAX_UINT128,
  ORG,
  OTHER_ORG,
  UNKNOWN,
  USD,
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
        .withArgs(1n, C.CNY, DONOR, 500n, Channel.WeChatPay, 500n, operator.address);
      expect(await ledger.recordCount()).to.equal(1n);
    });

    it("adds up the balance, in the event and in the view, and moves no value", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const tx = by(operator).recordDonation(C.CNY, 250n, Channel.Cash, DONOR);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(FUNDED_RECORDS + 1n, C.CNY, DONOR, 250n, Channel.Cash, FUNDED + 250n, operator.address);
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
          .withArgs(recordId, C.CNY, DONOR, 10n, channel, recordId * 10n, operator.address);
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
        .withArgs(FUNDED_RECORDS + 1n, C.OTHER_USD, DONOR, 7n, Channel.Cash, 7n, otherOperator.address);
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
        .withArgs(1n, C.CNY, DONOR, MAX_UINT128 - 1n, Channel.Bank, MAX_UINT128 - 1n, operator.address);
      await expect(by(operator).recordDonation(C.CNY, 2n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.CNY, 2n);
      await expect(by(operator).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, C.CNY, DONOR, 1n, Channel.Bank, MAX_UINT128, operator.address);
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
        .withArgs(first, C.CNY, DONOR, 100n, Channel.Alipay, FUNDED + 100n, operator.address);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(first + 1n, C.CNY, ethers.id("other donor"), 200n, Channel.Cash, FUNDED + 300n, operator.address);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(first + 2n, C.CNY, DONOR, 300n, Channel.Bank, FUNDED + 600n, operator.address);
      expect(await ledger.recordCount()).to.equal(first + 2n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED + 600n);
    });

    // An operator serves one organisation, so a batch never spans two.
    it("rejects a batch reaching into another organisation's campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).recordDonations([gift(C.CNY, 5n), gift(C.OTHER_USD, 6n)]))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
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
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      const SPRING = CAMPAIGN_COUNT + 1n;
      await by(operator).openCampaign(ORG, Asset.Attested, USD, ethers.ZeroAddress, 0n, "Spring (USD)");
      const tx = by(operator).recordDonations([gift(C.CNY, 5n), gift(SPRING, 6n), gift(C.CNY, 7n)]);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(1n, C.CNY, DONOR, 5n, Channel.Bank, 5n, operator.address);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(2n, SPRING, DONOR, 6n, Channel.Bank, 6n, operator.address);
      await expect(tx).to.emit(ledger, "DonationRecorded").withArgs(3n, C.CNY, DONOR, 7n, Channel.Bank, 12n, operator.address);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(12n);
      expect((await ledger.campaign(SPRING)).balance).to.equal(6n);
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

  describe("donor commitment", function () {
    // Whoever holds a tracking code can find its donations on any copy of the chain with one log
    // filter on the third topic, without reading every DonationRecorded.
    it("is the third topic of DonationRecorded, so a log filter finds the donor's records alone", async function () {
      const { ledger, by, operator, donor } = await loadFixture(withCampaigns);
      const mine = ethers.id("tracking code DN-7K3Q-9XWM");
      await by(operator).recordDonations([gift(C.CNY, 100n), gift(C.CNY, 200n, Channel.Cash, mine)]);
      await by(donor).donateNative(C.NATIVE, mine, { value: 300n });
      await by(operator).recordDonation(C.CNY, 400n, Channel.Bank, DONOR);
      const found = await ledger.queryFilter(ledger.filters.DonationRecorded!(null, null, mine));
      expect(found.map((log) => log.topics[3])).to.deep.equal([mine, mine]);
      expect(found.map((log) => (log as EventLog).args.recordId)).to.deep.equal([2n, 3n]);
      expect(found.map((log) => (log as EventLog).args.by)).to.deep.equal([operator.address, donor.address]);
    });
  });

  describe("gas", function () {
    // The budget the API's batching is sized for; the bench (`npm run bench -- gas`) reports the figure.
    it("records a batch of 100 donations for at most 6,000 gas per donation, in the steady state", async function () {
      const { by, operator } = await loadFixture(withFunds);
      const batch = Array.from({ length: 100 }, (_, i) => gift(C.CNY, 10_000n + BigInt(i), Channel.Alipay, ethers.id(`batch donor ${i}`)));
      const receipt = await (await by(operator).recordDonations(batch)).wait();
      expect(receipt!.gasUsed / 100n).to.be.at.most(6_000n);
    });
  });

  describe("record ids", function () {
    it("share one counter across every kind of record, in the order the writes run", async function () {
      const { ledger, by, operator, otherOperator, auditor } = await loadFixture(withFunds);
      const op = by(operator);
      const receiver = by(otherOperator);
      const writes: [Contract, string, unknown[]][] = [
        [op, "makeGrant", [C.CNY, C.OTHER_CNY, 1n, ethers.id("m")]], // first: a grant
        [receiver, "acknowledgeGrant", [FUNDED_RECORDS + 1n]],
        [op, "makeGrant", [C.CNY, C.OTHER_CNY, 1n, ethers.id("m")]],
        [receiver, "refuseGrant", [FUNDED_RECORDS + 3n, ethers.id("r")]],
        [op, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]],
        [op, "recordDisbursement", [disbursement(C.CNY, 1n)]],
        [op, "refundDonation", [1n, C.CNY, 1n, ethers.id("r")]],
        [op, "correctRecord", [1n, C.CNY, -1n, ethers.id("c")]],
        [op, "correctRecord", [1n, C.CNY, 1n, ethers.id("c")]],
        [by(auditor), "approveCorrection", [FUNDED_RECORDS + 9n]],
      ];
      const ids: bigint[] = [];
      for (const [contract, method, args] of writes) {
        ids.push(await contract.getFunction(method).staticCall(...args));
        await contract.getFunction(method)(...args);
      }
      expect(ids).to.deep.equal(writes.map((_, i) => FUNDED_RECORDS + 1n + BigInt(i)));
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS + BigInt(writes.length));
      // A failed write takes no id.
      await expect(op.recordDonation(C.CNY, 0n, Channel.Bank, DONOR)).to.revert(ethers);
      expect(await op.recordDonation.staticCall(C.CNY, 1n, Channel.Bank, DONOR)).to.equal(FUNDED_RECORDS + BigInt(writes.length) + 1n);
    });
  });
});
