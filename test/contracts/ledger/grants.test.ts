import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  C,
  Channel,
  CNY,
  DONOR,
  ETH_GIFT,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  MAX_UINT128,
  MEMO,
  ORG,
  OTHER_ORG,
  R,
  TOKEN_GIFT,
  UNKNOWN,
  withFunds,
} from "./fixtures.ts";

const GRANT = FUNDED_RECORDS + 1n;

/** As withFunds, with grant GRANT of 400 from ORG's CNY campaign to OTHER_ORG's. */
async function withGrant() {
  const f = await withFunds();
  await f.by(f.operator).makeGrant(C.CNY, C.OTHER_CNY, 400n, MEMO);
  return f;
}

describe("Ledger: grants", function () {
  describe("makeGrant", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).makeGrant(C.CNY, C.OTHER_CNY, 1n, MEMO));
    });

    it("moves the amount between the books and emits GrantMade with both balances", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      expect(await by(operator).makeGrant.staticCall(C.CNY, C.OTHER_CNY, 400n, MEMO)).to.equal(GRANT);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 400n, MEMO))
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.CNY, C.OTHER_CNY, 400n, MEMO, FUNDED - 400n, FUNDED + 400n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED - 400n);
      expect((await ledger.campaign(C.OTHER_CNY)).balance).to.equal(FUNDED + 400n);
      expect(await ledger.recordCount()).to.equal(GRANT);
    });

    it("moves on-chain value in the books only: the ledger keeps holding it", async function () {
      const { ledger, token, by, operator } = await loadFixture(withFunds);
      const native = by(operator).makeGrant(C.NATIVE, C.OTHER_NATIVE, ETH_GIFT / 4n, MEMO);
      await expect(native)
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.NATIVE, C.OTHER_NATIVE, ETH_GIFT / 4n, MEMO, (ETH_GIFT * 3n) / 4n, ETH_GIFT / 4n);
      await expect(native).to.changeEtherBalances(ethers, [ledger, operator], [0n, 0n]);
      const tokens = by(operator).makeGrant(C.TOKEN, C.OTHER_TOKEN, TOKEN_GIFT, MEMO);
      await expect(tokens)
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT + 1n, C.TOKEN, C.OTHER_TOKEN, TOKEN_GIFT, MEMO, 0n, TOKEN_GIFT);
      await expect(tokens).to.changeTokenBalances(ethers, token, [ledger, operator], [0n, 0n]);
    });

    it("may go between two campaigns of the same organisation", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await by(operator).openCampaign(ORG, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "Spring");
      await expect(by(operator).makeGrant(C.CNY, 9n, 1n, MEMO))
        .to.emit(ledger, "GrantMade")
        .withArgs(GRANT, C.CNY, 9n, 1n, MEMO, FUNDED - 1n, 1n);
    });

    it("rejects a grant from a campaign to itself", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).makeGrant(C.CNY, C.CNY, 10n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerSameCampaign")
        .withArgs(C.CNY);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
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

    it("rejects a grant that would take the receiving balance past 2^128 - 1", async function () {
      const { ledger, by, operator, otherOperator } = await loadFixture(withFunds);
      await by(otherOperator).recordDonation(C.OTHER_CNY, MAX_UINT128 - FUNDED, Channel.Bank, DONOR);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerAmountTooLarge")
        .withArgs(C.OTHER_CNY, 1n);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
    });
  });

  describe("acknowledgeGrant", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withGrant);
      // The receiving organisation acknowledges; the granting organisation's operator is the "other" one.
      return operatorOnlyContext(f, (from) => f.by(from).acknowledgeGrant(GRANT), {
        orgId: OTHER_ORG,
        operator: f.otherOperator,
        otherOperator: f.operator,
      });
    });

    it("emits GrantAcknowledged with the receiving campaign and who acknowledged", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.emit(ledger, "GrantAcknowledged")
        .withArgs(GRANT, C.OTHER_CNY, otherOperator.address);
    });

    it("rejects a second acknowledgement", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).acknowledgeGrant(GRANT);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
        .withArgs(GRANT);
    });

    // Grants are the one record kind the contract tells apart: it stores their receiving campaign.
    it("rejects an id that is not a grant", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      for (const id of [0n, R.CNY_GIFT, R.OTHER_CNY_GIFT, GRANT + 1n, UNKNOWN]) {
        await expect(by(otherOperator).acknowledgeGrant(id))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    it("still takes the acknowledgement once the receiving campaign is closed", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withGrant);
      await by(otherOperator).closeCampaign(C.OTHER_CNY);
      await expect(by(otherOperator).acknowledgeGrant(GRANT))
        .to.emit(ledger, "GrantAcknowledged")
        .withArgs(GRANT, C.OTHER_CNY, otherOperator.address);
    });
  });
});
