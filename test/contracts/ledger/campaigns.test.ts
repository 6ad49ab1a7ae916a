import { expect } from "chai";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  Asset,
  bytes3,
  C,
  Channel,
  CNY,
  disbursement,
  disbursementArgs,
  DONOR,
  ethers,
  FUNDED,
  loadFixture,
  MEMO,
  NO_CURRENCY,
  ORG,
  OTHER_ORG,
  TARGET,
  UNKNOWN,
  USD,
  withCampaigns,
  withFunds,
  withOrganisations,
} from "./fixtures.ts";

describe("Ledger: campaigns", function () {
  describe("openCampaign", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withOrganisations);
      return operatorOnlyContext(f, (from) =>
        f.by(from).openCampaign(ORG, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "Spring books"),
      );
    });

    it("opens an attested campaign in an ISO currency", async function () {
      const { ledger, by, operator } = await loadFixture(withOrganisations);
      expect(await by(operator).openCampaign.staticCall(ORG, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "x")).to.equal(1n);
      await expect(by(operator).openCampaign(ORG, Asset.Attested, CNY, ethers.ZeroAddress, TARGET, "Winter coats"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(1n, ORG, Asset.Attested, CNY, ethers.ZeroAddress, TARGET, "Winter coats", operator.address);
      expect(await ledger.campaign(1n)).to.deep.equal([ORG, Asset.Attested, CNY, ethers.ZeroAddress, true, 0n]);
    });

    it("opens a native campaign, with neither currency nor token", async function () {
      const { ledger, by, operator } = await loadFixture(withOrganisations);
      await expect(by(operator).openCampaign(ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Coats (ETH)"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(1n, ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Coats (ETH)", operator.address);
      expect(await ledger.campaign(1n)).to.deep.equal([ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, true, 0n]);
    });

    it("opens a token campaign holding the ERC-20 named", async function () {
      const { ledger, token, by, operator } = await loadFixture(withOrganisations);
      const tokenAddress = await token.getAddress();
      await expect(by(operator).openCampaign(ORG, Asset.Token, NO_CURRENCY, tokenAddress, TARGET, "Coats (TUSD)"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(1n, ORG, Asset.Token, NO_CURRENCY, tokenAddress, TARGET, "Coats (TUSD)", operator.address);
      expect(await ledger.campaign(1n)).to.deep.equal([ORG, Asset.Token, NO_CURRENCY, tokenAddress, true, 0n]);
    });

    it("numbers campaigns in one sequence across organisations", async function () {
      const { ledger, by, otherOperator } = await loadFixture(withCampaigns);
      await expect(by(otherOperator).openCampaign(OTHER_ORG, Asset.Attested, USD, ethers.ZeroAddress, 0n, "Wells"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(9n, OTHER_ORG, Asset.Attested, USD, ethers.ZeroAddress, 0n, "Wells", otherOperator.address);
    });

    it("accepts the alphabet's edges as a currency", async function () {
      const { ledger, by, operator } = await loadFixture(withOrganisations);
      for (const [id, code] of [[1n, "AAA"], [2n, "ZZZ"]] as const) {
        await expect(by(operator).openCampaign(ORG, Asset.Attested, bytes3(code), ethers.ZeroAddress, 0n, code))
          .to.emit(ledger, "CampaignOpened")
          .withArgs(id, ORG, Asset.Attested, bytes3(code), ethers.ZeroAddress, 0n, code, operator.address);
      }
    });

    it("rejects an inconsistent asset description", async function () {
      const { ledger, token, by, operator, outsider } = await loadFixture(withOrganisations);
      const tokenAddress = await token.getAddress();
      const invalid: [bigint, string, string][] = [
        [Asset.Attested, bytes3("cny"), ethers.ZeroAddress], // lower case
        [Asset.Attested, bytes3("CnY"), ethers.ZeroAddress], // one lower-case letter
        [Asset.Attested, bytes3("840"), ethers.ZeroAddress], // numeric ISO code
        [Asset.Attested, bytes3("@AA"), ethers.ZeroAddress], // the byte just below "A"
        [Asset.Attested, bytes3("AA["), ethers.ZeroAddress], // the byte just above "Z"
        [Asset.Attested, NO_CURRENCY, ethers.ZeroAddress], // unset
        [Asset.Attested, "0x434e00", ethers.ZeroAddress], // "CN" padded with a zero byte
        [Asset.Attested, CNY, tokenAddress], // attested with a token
        [Asset.Native, CNY, ethers.ZeroAddress], // native with a currency
        [Asset.Native, NO_CURRENCY, tokenAddress], // native with a token
        [Asset.Token, NO_CURRENCY, ethers.ZeroAddress], // token without a token
        [Asset.Token, NO_CURRENCY, outsider.address], // a token with no code
        [Asset.Token, CNY, tokenAddress], // token with a currency
      ];
      for (const [asset, currency, tokenArg] of invalid) {
        await expect(by(operator).openCampaign(ORG, asset, currency, tokenArg, 0n, "Bad"))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidAsset")
          .withArgs(asset, currency, tokenArg);
      }
    });

    it("rejects an asset outside the enum in the ABI decoder", async function () {
      const { by, operator } = await loadFixture(withOrganisations);
      await expect(
        by(operator).openCampaign(ORG, 3n, NO_CURRENCY, ethers.ZeroAddress, 0n, "Bad"),
      ).to.be.revertedWithoutReason(ethers);
    });

    // Nobody can operate an organisation that does not exist, so the caller is what is wrong.
    it("reports an unknown organisation as an unauthorised caller", async function () {
      const { ledger, by, operator } = await loadFixture(withOrganisations);
      await expect(by(operator).openCampaign(UNKNOWN, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "Nowhere"))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(UNKNOWN, operator.address);
    });
  });

  describe("closeCampaign", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withCampaigns);
      return operatorOnlyContext(f, (from) => f.by(from).closeCampaign(C.CNY));
    });

    it("emits CampaignClosed and marks the campaign closed, balance kept", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).closeCampaign(C.CNY))
        .to.emit(ledger, "CampaignClosed")
        .withArgs(C.CNY, ORG, operator.address);
      expect(await ledger.campaign(C.CNY)).to.deep.equal([ORG, Asset.Attested, CNY, ethers.ZeroAddress, false, FUNDED]);
    });

    it("rejects closing twice", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).closeCampaign(C.CNY))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).closeCampaign(campaignId))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });

    it("stops donations and grants in, and still lets money out", async function () {
      const { ledger, by, operator, otherOperator, donor } = await loadFixture(withFunds);
      await by(operator).closeCampaign(C.CNY);
      await by(operator).closeCampaign(C.NATIVE);
      await expect(by(operator).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
      await expect(by(donor).donateNative(C.NATIVE, DONOR, { value: 1n }))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.NATIVE);
      await expect(by(otherOperator).makeGrant(C.OTHER_CNY, C.CNY, 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
      // Out: a grant from it, and a disbursement.
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 10n, MEMO))
        .to.emit(ledger, "GrantMade")
        .withArgs(6n, C.CNY, C.OTHER_CNY, 10n, MEMO, FUNDED - 10n, operator.address);
      const d = disbursement(C.CNY, 20n);
      await expect(by(operator).recordDisbursement(d))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(...disbursementArgs(7n, d, FUNDED - 30n, operator));
    });
  });

  describe("setCampaignTarget", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withCampaigns);
      return operatorOnlyContext(f, (from) => f.by(from).setCampaignTarget(C.CNY, TARGET * 2n));
    });

    it("emits CampaignTargetChanged with the new target, naming the organisation and the signer", async function () {
      const { ledger, by, operator, fellowOperator } = await loadFixture(withFunds);
      await expect(by(operator).setCampaignTarget(C.CNY, TARGET * 2n))
        .to.emit(ledger, "CampaignTargetChanged")
        .withArgs(C.CNY, ORG, TARGET * 2n, operator.address);
      // Any operator of the organisation, to none at all, and the balance is untouched.
      await expect(by(fellowOperator).setCampaignTarget(C.CNY, 0n))
        .to.emit(ledger, "CampaignTargetChanged")
        .withArgs(C.CNY, ORG, 0n, fellowOperator.address);
      expect(await ledger.campaign(C.CNY)).to.deep.equal([ORG, Asset.Attested, CNY, ethers.ZeroAddress, true, FUNDED]);
    });

    it("sets a target on every asset, up to the largest uint256", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [C.NATIVE, C.TOKEN]) {
        await expect(by(operator).setCampaignTarget(campaignId, ethers.MaxUint256))
          .to.emit(ledger, "CampaignTargetChanged")
          .withArgs(campaignId, ORG, ethers.MaxUint256, operator.address);
      }
    });

    it("refuses a closed campaign: its target is final", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await by(operator).closeCampaign(C.CNY);
      await expect(by(operator).setCampaignTarget(C.CNY, 1n))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(C.CNY);
    });

    it("refuses another organisation's campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      await expect(by(operator).setCampaignTarget(C.OTHER_CNY, 1n))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaigns);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).setCampaignTarget(campaignId, 1n))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });
  });

  describe("campaign", function () {
    it("reads all zeros for an unknown campaign", async function () {
      const { ledger } = await loadFixture(withCampaigns);
      for (const id of [0n, UNKNOWN]) {
        expect(await ledger.campaign(id)).to.deep.equal([0n, Asset.Attested, NO_CURRENCY, ethers.ZeroAddress, false, 0n]);
      }
    });
  });
});
