import { expect } from "chai";
import type { Contract } from "ethers";
import {
  Asset,
  balanceOf,
  C,
  Channel,
  disbursement,
  disbursementArgs,
  DONOR,
  ETH_GIFT,
  ethers,
  FEE_ARRIVED,
  FEE_GIFT,
  FUNDED,
  FUNDED_RECORDS,
  holdings,
  loadFixture,
  MEMO,
  networkHelpers,
  ORG,
  OTHER_ORG,
  R,
  REASON,
  recordIdsInLogOrder,
  TOKEN_GIFT,
  UNKNOWN,
  withCampaigns,
  withFunds,
} from "./fixtures.ts";

const NEXT = FUNDED_RECORDS + 1n;
const Reentry = { None: 0n, Disbursement: 1n, Refund: 2n, Donation: 3n, RecordDonation: 4n } as const;

/** 1% of every transfer of the fee-on-transfer mock is burnt. */
const afterFee = (amount: bigint) => amount - amount / 100n;

/** As withFunds, with a ReentrantPayeeMock the registrar made an operator of ORG, so only the guard can stop it. */
async function withAttacker() {
  const f = await withFunds();
  const attacker = await ethers.deployContract("ReentrantPayeeMock", [await f.ledger.getAddress()]);
  await f.by(f.registrar).addOperator(ORG, await attacker.getAddress());
  return { ...f, attacker: attacker as Contract };
}

/** Asserts the books match what the ledger holds, per asset. */
async function expectBooksBalanced({ ledger, token, feeToken }: { ledger: Contract; token: Contract; feeToken: Contract }) {
  const { books, held } = await holdings(ledger, [token, feeToken]);
  expect(books).to.deep.equal(held);
}

describe("Ledger: on-chain assets", function () {
  describe("donateNative", function () {
    it("records what arrived, from anyone, and holds it", async function () {
      const { ledger, by, outsider } = await loadFixture(withCampaigns);
      const value = ethers.parseEther("0.5");
      expect(await by(outsider).donateNative.staticCall(C.NATIVE, DONOR, { value })).to.equal(1n);
      const tx = by(outsider).donateNative(C.NATIVE, DONOR, { value });
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, C.NATIVE, DONOR, value, Channel.OnChain, value, outsider.address);
      await expect(tx).to.changeEtherBalances(ethers, [outsider, ledger], [-value, value]);
      expect((await ledger.campaign(C.NATIVE)).balance).to.equal(value);
    });

    it("adds up successive gifts", async function () {
      const { ledger, by, outsider } = await loadFixture(withFunds);
      await expect(by(outsider).donateNative(C.NATIVE, ethers.id("salt|outsider"), { value: 3n }))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(NEXT, C.NATIVE, ethers.id("salt|outsider"), 3n, Channel.OnChain, ETH_GIFT + 3n, outsider.address);
    });

    it("rejects a gift of nothing", async function () {
      const { ledger, by, donor } = await loadFixture(withCampaigns);
      await expect(by(donor).donateNative(C.NATIVE, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.NATIVE);
    });

    it("rejects campaigns that do not hold the native currency", async function () {
      const { ledger, by, donor } = await loadFixture(withCampaigns);
      for (const id of [C.CNY, C.TOKEN]) {
        await expect(by(donor).donateNative(id, DONOR, { value: 1n }))
          .to.be.revertedWithCustomError(ledger, "LedgerWrongAsset")
          .withArgs(id, Asset.Native);
      }
    });

    it("rejects an unknown campaign, a closed one, and one of a suspended organisation", async function () {
      const { ledger, by, registrar, operator, donor } = await loadFixture(withCampaigns);
      await expect(by(donor).donateNative(UNKNOWN, DONOR, { value: 1n }))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
        .withArgs(UNKNOWN);
      await by(registrar).suspendOrganisation(OTHER_ORG);
      await expect(by(donor).donateNative(C.OTHER_NATIVE, DONOR, { value: 1n }))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(OTHER_ORG);
      await by(operator).closeCampaign(C.NATIVE);
      await expect(by(donor).donateNative(C.NATIVE, DONOR, { value: 1n }))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.NATIVE);
    });

    // Value comes in through donateNative only, so it is always on some campaign's books.
    it("refuses plain transfers", async function () {
      const { ledger, donor } = await loadFixture(withCampaigns);
      await expect(donor.sendTransaction({ to: await ledger.getAddress(), value: 1n })).to.be.revertedWithoutReason(ethers);
    });
  });

  describe("donateToken", function () {
    it("pulls the approved amount and records it", async function () {
      const { ledger, token, by, donor } = await loadFixture(withCampaigns);
      const tx = by(donor).donateToken(C.TOKEN, 1_234n, DONOR);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, C.TOKEN, DONOR, 1_234n, Channel.OnChain, 1_234n, donor.address);
      await expect(tx).to.changeTokenBalances(ethers, token, [donor, ledger], [-1_234n, 1_234n]);
    });

    it("records what arrived from a fee-on-transfer token, not what was asked", async function () {
      const { ledger, feeToken, by, donor } = await loadFixture(withCampaigns);
      const tx = by(donor).donateToken(C.FEE, 10_000n, DONOR);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, C.FEE, DONOR, 9_900n, Channel.OnChain, 9_900n, donor.address);
      await expect(tx).to.changeTokenBalances(ethers, feeToken, [donor, ledger], [-10_000n, 9_900n]);
      expect((await ledger.campaign(C.FEE)).balance).to.equal(9_900n);
    });

    it("fails in the token without an allowance or a balance", async function () {
      const { ledger, token, by, donor, outsider } = await loadFixture(withCampaigns);
      const ledgerAddress = await ledger.getAddress();
      await expect(by(outsider).donateToken(C.TOKEN, 10n, DONOR))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(ledgerAddress, 0n, 10n);
      await (token.connect(outsider) as Contract).approve(ledgerAddress, 10n);
      await expect(by(outsider).donateToken(C.TOKEN, 10n, DONOR))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(outsider.address, 0n, 10n);
      expect(await token.balanceOf(donor.address)).to.be.greaterThan(0n);
    });

    it("rejects a gift of nothing", async function () {
      const { ledger, by, donor } = await loadFixture(withCampaigns);
      await expect(by(donor).donateToken(C.TOKEN, 0n, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.TOKEN);
    });

    it("rejects campaigns that do not hold a token", async function () {
      const { ledger, by, donor } = await loadFixture(withCampaigns);
      for (const id of [C.CNY, C.NATIVE]) {
        await expect(by(donor).donateToken(id, 1n, DONOR))
          .to.be.revertedWithCustomError(ledger, "LedgerWrongAsset")
          .withArgs(id, Asset.Token);
      }
    });

    it("rejects an unknown campaign, a closed one, and one of a suspended organisation", async function () {
      const { ledger, by, registrar, operator, donor } = await loadFixture(withCampaigns);
      await expect(by(donor).donateToken(UNKNOWN, 1n, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
        .withArgs(UNKNOWN);
      await by(registrar).suspendOrganisation(OTHER_ORG);
      await expect(by(donor).donateToken(C.OTHER_TOKEN, 1n, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(OTHER_ORG);
      await by(operator).closeCampaign(C.TOKEN);
      await expect(by(donor).donateToken(C.TOKEN, 1n, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.TOKEN);
    });
  });

  describe("disbursements paying out", function () {
    it("pays native value to the payee after debiting the campaign", async function () {
      const { ledger, by, operator, payee, confirmer } = await loadFixture(withFunds);
      const amount = ethers.parseEther("0.3");
      const d = disbursement(C.NATIVE, amount, { payee: payee.address, confirmer: confirmer.address });
      const tx = by(operator).recordDisbursement(d);
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT, d, ETH_GIFT - amount, operator));
      await expect(tx).to.changeEtherBalances(ethers, [ledger, payee, operator], [-amount, amount, 0n]);
      expect((await ledger.campaign(C.NATIVE)).balance).to.equal(ETH_GIFT - amount);
    });

    it("pays tokens to the payee", async function () {
      const { ledger, token, by, operator, payee } = await loadFixture(withFunds);
      const d = disbursement(C.TOKEN, 700n, { payee: payee.address });
      const tx = by(operator).recordDisbursement(d);
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT, d, TOKEN_GIFT - 700n, operator));
      await expect(tx).to.changeTokenBalances(ethers, token, [ledger, payee], [-700n, 700n]);
    });

    // The books follow what left the ledger; the token's fee falls on the payee.
    it("debits what left the ledger for a fee-on-transfer token", async function () {
      const { ledger, feeToken, by, operator, payee } = await loadFixture(withFunds);
      const d = disbursement(C.FEE, 10_000n, { payee: payee.address });
      const tx = by(operator).recordDisbursement(d);
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT, d, FEE_ARRIVED - 10_000n, operator));
      await expect(tx).to.changeTokenBalances(ethers, feeToken, [ledger, payee], [-10_000n, 9_900n]);
    });

    it("rejects the zero payee and the ledger itself as payee", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const ledgerAddress = await ledger.getAddress();
      for (const campaignId of [C.NATIVE, C.TOKEN, C.FEE]) {
        for (const payee of [ethers.ZeroAddress, ledgerAddress]) {
          await expect(by(operator).recordDisbursement(disbursement(campaignId, 1n, { payee })))
            .to.be.revertedWithCustomError(ledger, "LedgerInvalidPayee")
            .withArgs(campaignId, payee);
        }
      }
    });

    it("fails whole when the payee refuses the value", async function () {
      const { ledger, attacker, by, operator } = await loadFixture(withAttacker);
      const attackerAddress = await attacker.getAddress();
      await attacker.setRejecting(true);
      await expect(by(operator).recordDisbursement(disbursement(C.NATIVE, 5n, { payee: attackerAddress })))
        .to.be.revertedWithCustomError(ledger, "LedgerPaymentFailed")
        .withArgs(attackerAddress, 5n);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
      expect((await ledger.campaign(C.NATIVE)).balance).to.equal(ETH_GIFT);
    });

    it("draws on the campaign's own balance, not on what the ledger holds for others", async function () {
      const { ledger, by, operator, donor, payee } = await loadFixture(withFunds);
      await by(donor).donateNative(C.OTHER_NATIVE, DONOR, { value: ETH_GIFT });
      await expect(by(operator).recordDisbursement(disbursement(C.NATIVE, ETH_GIFT + 1n, { payee: payee.address })))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.NATIVE, ETH_GIFT, ETH_GIFT + 1n);
    });

    it("pays every payee of a mixed batch, closed campaigns included", async function () {
      const { ledger, token, by, operator, payee, confirmer } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.NATIVE);
      const batch = [
        disbursement(C.CNY, 10n),
        disbursement(C.NATIVE, 20n, { payee: payee.address }),
        disbursement(C.TOKEN, 30n, { payee: confirmer.address }),
        disbursement(C.NATIVE, 40n, { payee: confirmer.address }),
      ];
      const tx = by(operator).recordDisbursements(batch);
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT, batch[0]!, FUNDED - 10n, operator));
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 1n, batch[1]!, ETH_GIFT - 20n, operator));
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 2n, batch[2]!, TOKEN_GIFT - 30n, operator));
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 3n, batch[3]!, ETH_GIFT - 60n, operator));
      await expect(tx).to.changeEtherBalances(ethers, [ledger, payee, confirmer], [-60n, 20n, 40n]);
      await expect(tx).to.changeTokenBalances(ethers, token, [ledger, confirmer], [-30n, 30n]);
    });
  });

  describe("refunds of on-chain donations", function () {
    it("pays the donor back, and at most what is left of the donation", async function () {
      const { ledger, by, operator, donor, outsider } = await loadFixture(withFunds);
      // Another gift keeps the campaign's balance above what the first donation can still return.
      await by(outsider).donateNative(C.NATIVE, ethers.id("salt|outsider"), { value: ETH_GIFT });
      const part = ethers.parseEther("0.4");
      const rest = ETH_GIFT - part;
      const tx = by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, part, REASON);
      await expect(tx)
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT + 1n, R.NATIVE_GIFT, C.NATIVE, part, REASON, 2n * ETH_GIFT - part, operator.address);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, donor, operator, outsider], [-part, part, 0n, 0n]);
      await expect(by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, rest + 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerRefundTooLarge")
        .withArgs(R.NATIVE_GIFT, rest, rest + 1n);
      await expect(by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, rest, REASON))
        .to.changeEtherBalances(ethers, [ledger, donor], [-rest, rest]);
      await expect(by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerRefundTooLarge")
        .withArgs(R.NATIVE_GIFT, 0n, 1n);
      expect((await ledger.campaign(C.NATIVE)).balance).to.equal(ETH_GIFT);
    });

    it("pays tokens back to the donor", async function () {
      const { ledger, token, by, operator, donor } = await loadFixture(withFunds);
      const tx = by(operator).refundDonation(R.TOKEN_GIFT, C.TOKEN, TOKEN_GIFT, REASON);
      await expect(tx)
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT, R.TOKEN_GIFT, C.TOKEN, TOKEN_GIFT, REASON, 0n, operator.address);
      await expect(tx).to.changeTokenBalances(ethers, token, [ledger, donor], [-TOKEN_GIFT, TOKEN_GIFT]);
    });

    it("returns at most what arrived of a fee-on-transfer gift", async function () {
      const { ledger, feeToken, by, operator, donor } = await loadFixture(withFunds);
      await by(donor).donateToken(C.FEE, FEE_GIFT, DONOR); // a second gift, so the balance is not the limit
      await expect(by(operator).refundDonation(R.FEE_GIFT, C.FEE, FEE_GIFT, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerRefundTooLarge")
        .withArgs(R.FEE_GIFT, FEE_ARRIVED, FEE_GIFT);
      const tx = by(operator).refundDonation(R.FEE_GIFT, C.FEE, FEE_ARRIVED, REASON);
      await expect(tx)
        .to.emit(ledger, "DonationRefunded")
        .withArgs(NEXT + 1n, R.FEE_GIFT, C.FEE, FEE_ARRIVED, REASON, FEE_ARRIVED, operator.address);
      await expect(tx).to.changeTokenBalances(ethers, feeToken, [ledger, donor], [-FEE_ARRIVED, afterFee(FEE_ARRIVED)]);
    });

    it("rejects a record that is not an on-chain donation to this very campaign", async function () {
      const { ledger, by, operator, otherOperator, donor } = await loadFixture(withFunds);
      await by(operator).recordDisbursement(disbursement(C.NATIVE, 1n, { payee: donor.address })); // record NEXT
      for (const id of [R.CNY_GIFT, R.TOKEN_GIFT, NEXT]) {
        await expect(by(operator).refundDonation(id, C.NATIVE, 1n, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
      // The same asset held by another campaign does not make it the donation's campaign.
      await by(donor).donateNative(C.OTHER_NATIVE, DONOR, { value: ETH_GIFT });
      await expect(by(otherOperator).refundDonation(R.NATIVE_GIFT, C.OTHER_NATIVE, 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
        .withArgs(R.NATIVE_GIFT);
    });

    it("cannot refund what the campaign granted away", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).makeGrant(C.NATIVE, C.OTHER_NATIVE, ETH_GIFT, MEMO);
      await expect(by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, 1n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.NATIVE, 0n, 1n);
    });

    it("fails whole when the donor refuses the value", async function () {
      const { ledger, attacker, by, operator } = await loadFixture(withAttacker);
      await attacker.donate(C.NATIVE, DONOR, { value: 100n }); // record NEXT, from the contract
      await attacker.setRejecting(true);
      await expect(by(operator).refundDonation(NEXT, C.NATIVE, 100n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerPaymentFailed")
        .withArgs(await attacker.getAddress(), 100n);
    });
  });

  describe("books against holdings", function () {
    it("keeps the sum of campaign balances per asset equal to what the ledger holds, through every flow", async function () {
      const { ledger, token, feeToken, by, operator, otherOperator, donor, outsider, payee } = await loadFixture(withCampaigns);
      const tokens = [token, feeToken];
      const op = by(operator);
      const steps: (() => Promise<unknown>)[] = [
        () => by(donor).donateNative(C.NATIVE, DONOR, { value: ETH_GIFT }), // 1
        () => by(outsider).donateNative(C.OTHER_NATIVE, DONOR, { value: 12_345n }), // 2
        () => by(donor).donateToken(C.TOKEN, 9_000n, DONOR), // 3
        () => by(donor).donateToken(C.FEE, 7_777n, DONOR), // 4
        () => op.makeGrant(C.NATIVE, C.OTHER_NATIVE, 1_000n, MEMO), // 5: in transit
        () => op.makeGrant(C.TOKEN, C.OTHER_TOKEN, 2_000n, MEMO), // 6: in transit
        () => by(otherOperator).acknowledgeGrant(5n), // 7: counts for OTHER_NATIVE
        () => by(otherOperator).acknowledgeGrant(6n), // 8: counts for OTHER_TOKEN
        () => op.recordDisbursement(disbursement(C.NATIVE, 555n, { payee: payee.address })), // 9
        () => op.recordDisbursement(disbursement(C.FEE, 1_001n, { payee: payee.address })), // 10
        () => by(otherOperator).recordDisbursements([
          disbursement(C.OTHER_NATIVE, 13_000n, { payee: payee.address }),
          disbursement(C.OTHER_TOKEN, 2_000n, { payee: outsider.address }),
        ]), // 11, 12
        () => op.refundDonation(1n, C.NATIVE, 77n, REASON), // 13
        () => op.refundDonation(4n, C.FEE, 333n, REASON), // 14
        () => op.refundDonation(3n, C.TOKEN, 7_000n, REASON), // 15
        () => op.makeGrant(C.NATIVE, C.OTHER_NATIVE, 2_000n, MEMO), // 16
        () => by(otherOperator).refuseGrant(16n, REASON), // 17: flows back
        () => op.makeGrant(C.NATIVE, C.OTHER_NATIVE, 3_000n, MEMO), // 18
        () => op.refuseGrant(18n, REASON), // 19: withdrawn by its sender
      ];
      for (const step of steps) {
        await step();
        await expectBooksBalanced({ ledger, token, feeToken });
      }
      expect(await ledger.recordCount()).to.equal(19n);
      const { books } = await holdings(ledger, tokens);
      expect(books.native).to.equal(ETH_GIFT + 12_345n - 555n - 13_000n - 77n);
      expect(await balanceOf(ledger, C.NATIVE)).to.equal(ETH_GIFT - 1_000n - 555n - 77n);
    });
  });

  describe("re-entrancy", function () {
    const guardError = () => ethers.Interface.from(["error ReentrancyGuardReentrantCall()"]).encodeErrorResult("ReentrancyGuardReentrantCall", []);

    it("stops a payee re-entering recordDisbursement while it is being paid", async function () {
      const f = await loadFixture(withAttacker);
      const { ledger, attacker, by, operator } = f;
      const attackerAddress = await attacker.getAddress();
      const amount = ethers.parseEther("0.25");
      const d = disbursement(C.NATIVE, amount, { payee: attackerAddress });
      // The re-entered call would be valid on its own: the attacker operates ORG and the balance covers it.
      expect(await ledger.isOperator(ORG, attackerAddress)).to.equal(true);
      await attacker.armDisbursement(d);
      const tx = by(operator).recordDisbursement(d);
      await expect(tx).to.emit(attacker, "ReentryAttempted").withArgs(Reentry.Disbursement, false, guardError());
      await expect(tx).to.changeEtherBalances(ethers, [ledger, attacker], [-amount, amount]);
      expect(await ledger.recordCount()).to.equal(NEXT);
      expect((await ledger.campaign(C.NATIVE)).balance).to.equal(ETH_GIFT - amount);
      await expectBooksBalanced(f);
    });

    it("stops a refunded donor re-entering refundDonation", async function () {
      const { ledger, attacker, by, operator } = await loadFixture(withAttacker);
      await attacker.donate(C.NATIVE, DONOR, { value: 1_000n }); // record NEXT
      await attacker.armRefund(NEXT, C.NATIVE, 400n);
      const tx = by(operator).refundDonation(NEXT, C.NATIVE, 400n, REASON);
      await expect(tx).to.emit(attacker, "ReentryAttempted").withArgs(Reentry.Refund, false, guardError());
      await expect(tx).to.changeEtherBalances(ethers, [ledger, attacker], [-400n, 400n]);
      // One refund went through; 600 of the gift remain refundable.
      await expect(by(operator).refundDonation(NEXT, C.NATIVE, 601n, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerRefundTooLarge")
        .withArgs(NEXT, 600n, 601n);
    });

    it("stops a payee donating the payout straight back while it is being paid", async function () {
      const f = await loadFixture(withAttacker);
      const { ledger, attacker, by, operator } = f;
      const attackerAddress = await attacker.getAddress();
      await attacker.armDonation(C.NATIVE);
      const tx = by(operator).recordDisbursement(disbursement(C.NATIVE, 50n, { payee: attackerAddress }));
      await expect(tx).to.emit(attacker, "ReentryAttempted").withArgs(Reentry.Donation, false, guardError());
      await expect(tx).to.changeEtherBalances(ethers, [ledger, attacker], [-50n, 50n]);
      await expectBooksBalanced(f);
    });

    it("holds across a batch: the re-entry during the first payout fails and the rest is paid", async function () {
      const { ledger, attacker, by, operator, payee } = await loadFixture(withAttacker);
      const attackerAddress = await attacker.getAddress();
      await attacker.armDisbursement(disbursement(C.NATIVE, 1n, { payee: attackerAddress }));
      const batch = [disbursement(C.NATIVE, 10n, { payee: attackerAddress }), disbursement(C.NATIVE, 20n, { payee: payee.address })];
      const tx = by(operator).recordDisbursements(batch);
      await expect(tx).to.emit(attacker, "ReentryAttempted").withArgs(Reentry.Disbursement, false, guardError());
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 1n, batch[1]!, ETH_GIFT - 30n, operator));
      await expect(tx).to.changeEtherBalances(ethers, [ledger, attacker, payee], [-30n, 10n, 20n]);
      expect(await ledger.recordCount()).to.equal(NEXT + 1n);
    });

    // Every writer is guarded, so no record can be written while another call of the ledger runs:
    // record ids follow execution order. Before, an operator paid in a batch could write an
    // attested donation mid-batch, taking an id after the batch's while running inside it.
    describe("record ids follow execution order", function () {
      const ATTACKER_GIFT = 5n;

      /** A batch paying the attacker first, then the payee, then an attested disbursement. */
      async function payoutBatch(f: Awaited<ReturnType<typeof withAttacker>>) {
        const attackerAddress = await f.attacker.getAddress();
        return [
          disbursement(C.NATIVE, 10n, { payee: attackerAddress }),
          disbursement(C.NATIVE, 20n, { payee: f.payee.address }),
          disbursement(C.CNY, 30n),
        ];
      }

      it("refuses an operator payee re-entering recordDonation mid-batch, and the batch's ids stay consecutive", async function () {
        const f = await loadFixture(withAttacker);
        const { ledger, attacker, by, operator } = f;
        const attackerAddress = await attacker.getAddress();
        // On its own, the re-entered call is valid: the attacker operates ORG.
        expect(await ledger.isOperator(ORG, attackerAddress)).to.equal(true);
        await attacker.armRecordDonation(C.CNY, ATTACKER_GIFT, false);
        const tx = by(operator).recordDisbursements(await payoutBatch(f));
        await expect(tx).to.emit(attacker, "ReentryAttempted").withArgs(Reentry.RecordDonation, false, guardError());
        const receipt = await (await tx).wait();
        expect(recordIdsInLogOrder(ledger, receipt!)).to.deep.equal([NEXT, NEXT + 1n, NEXT + 2n]);
        expect(await ledger.recordCount()).to.equal(NEXT + 2n);
        expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED - 30n);
        await expectBooksBalanced(f);
      });

      it("reverts the whole batch when the payee refuses the payment over the refused re-entry", async function () {
        const f = await loadFixture(withAttacker);
        const { ledger, attacker, by, operator } = f;
        await attacker.armRecordDonation(C.CNY, ATTACKER_GIFT, true);
        // The ledger reports the payment failing; the refusal inside it is the guard's, as above.
        await expect(by(operator).recordDisbursements(await payoutBatch(f)))
          .to.be.revertedWithCustomError(ledger, "LedgerPaymentFailed")
          .withArgs(await attacker.getAddress(), 10n);
        expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
        expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
        expect(await balanceOf(ledger, C.NATIVE)).to.equal(ETH_GIFT);
      });

      it("without re-entry, gives the batch consecutive ids in execution order, and the next write the next id", async function () {
        const f = await loadFixture(withAttacker);
        const { ledger, attacker, by, operator } = f;
        const receipt = await (await by(operator).recordDisbursements(await payoutBatch(f))).wait();
        expect(recordIdsInLogOrder(ledger, receipt!)).to.deep.equal([NEXT, NEXT + 1n, NEXT + 2n]);
        // The attacker writing on its own, outside any payout, is an ordinary operator write.
        const asAttacker = ledger.connect(await ethers.getImpersonatedSigner(await attacker.getAddress())) as Contract;
        await networkHelpers.setBalance(await attacker.getAddress(), ETH_GIFT);
        await expect(asAttacker.recordDonation(C.CNY, ATTACKER_GIFT, Channel.Bank, DONOR))
          .to.emit(ledger, "DonationRecorded")
          .withArgs(NEXT + 3n, C.CNY, DONOR, ATTACKER_GIFT, Channel.Bank, FUNDED - 30n + ATTACKER_GIFT, await attacker.getAddress());
      });
    });
  });
});
