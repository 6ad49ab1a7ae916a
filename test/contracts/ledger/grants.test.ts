import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  balanceOf,
  C,
  Channel,
  CNY,
  DONOR,
  ETH_GIFT,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  GrantState,
  holdings,
  Kind,
  loadFixture,
  MAX_UINT128,
  MEMO,
  ORG,
  OTHER_ORG,
  R,
  REASON,
  TOKEN_GIFT,
  UNKNOWN,
  withFunds,
} from "./fixtures.ts";

const GRANT = FUNDED_RECORDS + 1n;
const THIRD_ORG = 3n;

/**
 * As withFunds, with grant GRANT of 400 from ORG's CNY campaign to OTHER_ORG's, pending, and a
 * third organisation whose `thirdOperator` has nothing to do with the grant.
 */
async function withGrant() {
  const f = await withFunds();
  await f.by(f.operator).makeGrant(C.CNY, C.OTHER_CNY, 400n, MEMO);
  const thirdOperator = (await ethers.getSigners())[12]!;
  await f.by(f.registrar).registerOrganisation(Kind.Partner, ethers.encodeBytes32String("THIRD"), "Third Partner");
  await f.by(f.registrar).addOperator(THIRD_ORG, thirdOperator.address);
  return { ...f, thirdOperator };
}

/** As withFunds, with pending on-chain grants: GRANT of a quarter of ORG's ETH, GRANT + 1 of all its TUSD. */
async function withOnChainGrants() {
  const f = await withFunds();
  await f.by(f.operator).makeGrant(C.NATIVE, C.OTHER_NATIVE, ETH_GIFT / 4n, MEMO);
  await f.by(f.operator).makeGrant(C.TOKEN, C.OTHER_TOKEN, TOKEN_GIFT, MEMO);
  return f;
}

describe("Ledger: grants", function () {
  describe("makeGrant", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).makeGrant(C.CNY, C.OTHER_CNY, 1n, MEMO));
    });

    // A grant counts for the receiver only once the receiver acknowledges it.
    it("debits the sender only, emits GrantMade and holds the grant pending", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      expect(await by(operator).makeGrant.staticCall(C.CNY, C.OTHER_CNY, 400n, MEMO)).to.equal(GRANT);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 400n, MEMO))
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.CNY, C.OTHER_CNY, 400n, MEMO, FUNDED - 400n, operator.address);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED - 400n);
      expect(await balanceOf(ledger, C.OTHER_CNY)).to.equal(FUNDED);
      expect(await ledger.grant(GRANT)).to.deep.equal([C.CNY, C.OTHER_CNY, 400n, GrantState.Pending]);
      expect(await ledger.recordCount()).to.equal(GRANT);
    });

    it("keeps on-chain value in the ledger, on nobody's balance until the grant is settled", async function () {
      const { ledger, token, by, operator } = await loadFixture(withFunds);
      const native = by(operator).makeGrant(C.NATIVE, C.OTHER_NATIVE, ETH_GIFT / 4n, MEMO);
      await expect(native)
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.NATIVE, C.OTHER_NATIVE, ETH_GIFT / 4n, MEMO, (ETH_GIFT * 3n) / 4n, operator.address);
      await expect(native).to.changeEtherBalances(ethers, [ledger, operator], [0n, 0n]);
      const tokens = by(operator).makeGrant(C.TOKEN, C.OTHER_TOKEN, TOKEN_GIFT, MEMO);
      await expect(tokens)
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT + 1n, C.TOKEN, C.OTHER_TOKEN, TOKEN_GIFT, MEMO, 0n, operator.address);
      await expect(tokens).to.changeTokenBalances(ethers, token, [ledger, operator], [0n, 0n]);
      expect(await balanceOf(ledger, C.OTHER_NATIVE)).to.equal(0n);
      expect(await balanceOf(ledger, C.OTHER_TOKEN)).to.equal(0n);
    });

    it("may go between two campaigns of the same organisation", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).openCampaign(ORG, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "Spring");
      await expect(by(operator).makeGrant(C.CNY, 9n, 1n, MEMO))
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.CNY, 9n, 1n, MEMO, FUNDED - 1n, operator.address);
      await expect(by(operator).acknowledgeGrant(GRANT))
        .to.emit(ledger, "GrantAcknowledged")
        .withArgs(GRANT + 1n, GRANT, 9n, 1n, 1n, operator.address);
    });

    it("rejects a grant from a campaign to itself", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).makeGrant(C.CNY, C.CNY, 10n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerSameCampaign")
        .withArgs(C.CNY);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
    });

    it("rejects campaigns holding different assets", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const pairs = [
        [C.CNY, C.OTHER_USD], // two currencies
        [C.CNY, C.OTHER_NATIVE], // attested and native
        [C.NATIVE, C.OTHER_TOKEN], // native and token
        [C.FEE, C.OTHER_TOKEN], // two tokens
      ];
      for (const [from, to] of pairs) {
        await expect(by(operator).makeGrant(from, to, 1n, MEMO))
          .to.be.revertedWithCustomError(ledger, "LedgerAssetMismatch")
          .withArgs(from, to);
      }
    });

    it("rejects an unknown campaign on either side", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const id of [0n, UNKNOWN]) {
        await expect(by(operator).makeGrant(id, C.OTHER_CNY, 1n, MEMO))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(id);
        await expect(by(operator).makeGrant(C.CNY, id, 1n, MEMO))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(id);
      }
    });

    it("rejects a closed receiving campaign, and a suspended receiving organisation", async function () {
      const { ledger, by, registrar, operator, otherOperator } = await loadFixture(withFunds);
      await by(otherOperator).closeCampaign(C.OTHER_CNY);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.OTHER_CNY);
      await by(registrar).suspendOrganisation(OTHER_ORG);
      await expect(by(operator).makeGrant(C.NATIVE, C.OTHER_NATIVE, 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(OTHER_ORG);
    });

    it("rejects a zero amount and more than the campaign holds", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 0n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.CNY);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, FUNDED + 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, FUNDED + 1n);
    });
  });

  describe("acknowledgeGrant", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withGrant);
      // The receiving organisation acknowledges; an operator of an unrelated organisation is the "other" one.
      return operatorOnlyContext(f, (from) => f.by(from).acknowledgeGrant(GRANT), {
        orgId: OTHER_ORG,
        operator: f.otherOperator,
        otherOperator: f.thirdOperator,
      });
    });

    it("credits the receiver under a new record id and emits GrantAcknowledged", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      const before = [await balanceOf(ledger, C.CNY), await balanceOf(ledger, C.OTHER_CNY)];
      expect(before).to.deep.equal([FUNDED - 400n, FUNDED]);
      expect(await by(otherOperator).acknowledgeGrant.staticCall(GRANT)).to.equal(GRANT + 1n);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.emit(ledger, "GrantAcknowledged")
        .withArgs(GRANT + 1n, GRANT, C.OTHER_CNY, 400n, FUNDED + 400n, otherOperator.address);
      expect([await balanceOf(ledger, C.CNY), await balanceOf(ledger, C.OTHER_CNY)]).to.deep.equal([FUNDED - 400n, FUNDED + 400n]);
      expect(await ledger.grant(GRANT)).to.deep.equal([C.CNY, C.OTHER_CNY, 400n, GrantState.Acknowledged]);
      expect(await ledger.recordCount()).to.equal(GRANT + 1n);
    });

    // The sender cannot declare its own grant received.
    it("rejects the sending organisation's operator", async function () {
      const { ledger, by, operator } = await loadFixture(withGrant);
      await expect(by(operator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
    });

    it("rejects a second acknowledgement", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).acknowledgeGrant(GRANT);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
        .withArgs(GRANT);
      expect(await balanceOf(ledger, C.OTHER_CNY)).to.equal(FUNDED + 400n);
    });

    // Grants are the kinds of record the contract tells apart: it stores their campaigns.
    it("rejects an id that is not a grant", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      for (const id of [0n, R.CNY_GIFT, R.OTHER_CNY_GIFT, GRANT + 1n, UNKNOWN]) {
        await expect(by(otherOperator).acknowledgeGrant(id))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    it("rejects a receiving campaign closed since, which may still refuse the grant", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).closeCampaign(C.OTHER_CNY);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.OTHER_CNY);
      await expect(by(otherOperator).refuseGrant(GRANT, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 1n, GRANT, C.CNY, 400n, REASON, FUNDED, otherOperator.address);
    });

    it("rejects a grant that would take the receiving balance past 2^128 - 1", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).recordDonation(C.OTHER_CNY, MAX_UINT128 - FUNDED, Channel.Bank, DONOR);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.OTHER_CNY, 400n);
      expect(await ledger.grant(GRANT)).to.deep.equal([C.CNY, C.OTHER_CNY, 400n, GrantState.Pending]);
    });

    it("credits on-chain grants in the books only, and keeps the books equal to the holdings", async function () {
      const { ledger, token, feeToken, by, otherOperator } = await loadFixture(withOnChainGrants);
      const tx = by(otherOperator).acknowledgeGrant(GRANT);
      await expect(tx)
        .to.emit(ledger, "GrantAcknowledged")
        .withArgs(GRANT + 2n, GRANT, C.OTHER_NATIVE, ETH_GIFT / 4n, ETH_GIFT / 4n, otherOperator.address);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, otherOperator], [0n, 0n]);
      await expect(by(otherOperator).acknowledgeGrant(GRANT + 1n)).to.changeTokenBalances(ethers, token, [ledger], [0n]);
      expect(await balanceOf(ledger, C.OTHER_TOKEN)).to.equal(TOKEN_GIFT);
      const { books, held } = await holdings(ledger, [token, feeToken]);
      expect(books).to.deep.equal(held);
    });
  });

  describe("refuseGrant", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withGrant);
      // Seen from the receiver: an operator of an unrelated organisation is the "other" one.
      return operatorOnlyContext(f, (from) => f.by(from).refuseGrant(GRANT, REASON), {
        orgId: OTHER_ORG,
        operator: f.otherOperator,
        otherOperator: f.thirdOperator,
      });
    });

    it("lets the receiver refuse: the amount flows back to the sender under a new record id", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      expect(await by(otherOperator).refuseGrant.staticCall(GRANT, REASON)).to.equal(GRANT + 1n);
      await expect(by(otherOperator).refuseGrant(GRANT, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 1n, GRANT, C.CNY, 400n, REASON, FUNDED, otherOperator.address);
      expect([await balanceOf(ledger, C.CNY), await balanceOf(ledger, C.OTHER_CNY)]).to.deep.equal([FUNDED, FUNDED]);
      expect(await ledger.grant(GRANT)).to.deep.equal([C.CNY, C.OTHER_CNY, 400n, GrantState.Refused]);
      expect(await ledger.recordCount()).to.equal(GRANT + 1n);
    });

    it("lets the sender withdraw a grant nobody acknowledged yet", async function () {
      const { ledger, by, operator, fellowOperator } = await loadFixture(withGrant);
      await expect(by(fellowOperator).refuseGrant(GRANT, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 1n, GRANT, C.CNY, 400n, REASON, FUNDED, fellowOperator.address);
      await expect(by(operator).refuseGrant(GRANT, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
        .withArgs(GRANT);
    });

    it("credits the sender back even once its campaign is closed", async function () {
      const { ledger, by, operator, otherOperator } = await loadFixture(withGrant);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(otherOperator).refuseGrant(GRANT, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 1n, GRANT, C.CNY, 400n, REASON, FUNDED, otherOperator.address);
      expect(await balanceOf(ledger, C.CNY)).to.equal(FUNDED);
    });

    it("rejects a settled grant, whoever settled it", async function () {
      const { ledger, by, operator, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).acknowledgeGrant(GRANT);
      for (const account of [operator, otherOperator]) {
        await expect(by(account).refuseGrant(GRANT, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
          .withArgs(GRANT);
      }
      expect([await balanceOf(ledger, C.CNY), await balanceOf(ledger, C.OTHER_CNY)]).to.deep.equal([FUNDED - 400n, FUNDED + 400n]);
    });

    it("rejects acknowledging a refused grant", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).refuseGrant(GRANT, REASON);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
        .withArgs(GRANT);
    });

    it("rejects an id that is not a grant", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      for (const id of [0n, R.CNY_GIFT, GRANT + 1n, UNKNOWN]) {
        await expect(by(otherOperator).refuseGrant(id, REASON))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    // The sender's side: its operators may withdraw, under the same rules as any write of theirs.
    it("rejects a removed operator of the sender, and the sender's operators while it is suspended", async function () {
      const { ledger, by, registrar, operator, fellowOperator } = await loadFixture(withGrant);
      await by(registrar).removeOperator(ORG, operator.address);
      await expect(by(operator).refuseGrant(GRANT, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, operator.address);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(fellowOperator).refuseGrant(GRANT, REASON))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(ORG);
    });

    it("returns refused on-chain value to the sender's books, so it can be spent or refunded again", async function () {
      const { ledger, token, feeToken, by, operator, otherOperator, donor } = await loadFixture(withOnChainGrants);
      await expect(by(otherOperator).refuseGrant(GRANT, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 2n, GRANT, C.NATIVE, ETH_GIFT / 4n, REASON, ETH_GIFT, otherOperator.address);
      await expect(by(operator).refuseGrant(GRANT + 1n, REASON))
        .to.emit(ledger, "GrantRefused")
        .withArgs(GRANT + 3n, GRANT + 1n, C.TOKEN, TOKEN_GIFT, REASON, TOKEN_GIFT, operator.address);
      const { books, held } = await holdings(ledger, [token, feeToken]);
      expect(books).to.deep.equal(held);
      await expect(by(operator).refundDonation(R.NATIVE_GIFT, C.NATIVE, ETH_GIFT, REASON))
        .to.changeEtherBalances(ethers, [ledger, donor], [-ETH_GIFT, ETH_GIFT]);
    });
  });

  describe("grant", function () {
    it("reads all zeros for an id that is not a grant", async function () {
      const { ledger } = await loadFixture(withGrant);
      for (const id of [0n, R.CNY_GIFT, UNKNOWN]) {
        expect(await ledger.grant(id)).to.deep.equal([0n, 0n, 0n, GrantState.None]);
      }
    });
  });
});
