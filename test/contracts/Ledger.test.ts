import { expect } from "chai";
import type { Contract } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { shouldBehaveLikeOperatorRestricted } from "./operator.behavior.ts";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

// Mirrors of the enums in ILedger.sol; events decode them as bigint.
const Kind = { Charity: 0n, Foundation: 1n, Partner: 2n, Supplier: 3n } as const;
const Channel = { Bank: 0n, Alipay: 1n, WeChatPay: 2n, Cash: 3n, OnChain: 4n } as const;
const Purpose = { Programme: 0n, Administration: 1n, Fundraising: 2n } as const;

const REGISTRAR_ROLE = ethers.id("REGISTRAR_ROLE");
const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;

/** A bytes3 currency code from three ASCII characters (which may be invalid on purpose). */
function bytes3(code: string): string {
  const bytes = ethers.toUtf8Bytes(code);
  if (bytes.length !== 3) throw new Error(`not three bytes: ${code}`);
  return ethers.hexlify(bytes);
}

const CNY = bytes3("CNY");
const REG_NO = ethers.encodeBytes32String("91110000MA01ABCD2X");
const OTHER_REG_NO = ethers.encodeBytes32String("53100000500021676Q");
const DONOR = ethers.id("salt|donor-42");
const RECIPIENT = ethers.id("supplier-7");
const EVIDENCE = ethers.sha256(ethers.toUtf8Bytes("invoice 2025-001"));

// Ids handed out by the fixtures below.
const ORG = 1n;
const OTHER_ORG = 2n;
const CAMPAIGN = 1n;
const UNKNOWN = 99n;
const TARGET = 50_000_00n;
const FUNDED = 1_000n;

async function deployLedger() {
  const [admin, registrar, operator, otherOperator, outsider] = await ethers.getSigners();
  const ledger = await ethers.deployContract("Ledger", [admin.address, registrar.address]);
  // Without generated typings, connect() returns a BaseContract that has lost the ABI methods.
  const by = (signer: HardhatEthersSigner) => ledger.connect(signer) as Contract;
  return { ledger, by, admin, registrar, operator, otherOperator, outsider };
}

/** Two organisations with one operator each; ORG has one open, empty campaign. */
async function withCampaign() {
  const f = await deployLedger();
  await f.by(f.registrar).registerOrganisation(Kind.Charity, REG_NO, "Sunrise Children's Fund");
  await f.by(f.registrar).registerOrganisation(Kind.Foundation, OTHER_REG_NO, "Riverside Foundation");
  await f.by(f.registrar).addOperator(ORG, f.operator.address);
  await f.by(f.registrar).addOperator(OTHER_ORG, f.otherOperator.address);
  await f.by(f.operator).openCampaign(ORG, CNY, TARGET, "Winter coats");
  return f;
}

/** As withCampaign, with FUNDED minor units donated to CAMPAIGN as record 1. */
async function withFundedCampaign() {
  const f = await withCampaign();
  await f.by(f.operator).recordDonation(CAMPAIGN, FUNDED, Channel.Bank, DONOR);
  return f;
}

describe("Ledger", function () {
  describe("deployment", function () {
    it("grants the admin and registrar roles to separate accounts", async function () {
      const { ledger, admin, registrar } = await loadFixture(deployLedger);
      expect(await ledger.REGISTRAR_ROLE()).to.equal(REGISTRAR_ROLE);
      expect(await ledger.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await ledger.hasRole(REGISTRAR_ROLE, registrar.address)).to.equal(true);
      expect(await ledger.hasRole(REGISTRAR_ROLE, admin.address)).to.equal(false);
    });
  });

  describe("registerOrganisation", function () {
    it("hands out ids from 1 and emits OrganisationRegistered", async function () {
      const { by, registrar } = await loadFixture(deployLedger);
      const ledger = by(registrar);
      expect(await ledger.registerOrganisation.staticCall(Kind.Charity, REG_NO, "A")).to.equal(1n);
      await expect(ledger.registerOrganisation(Kind.Charity, REG_NO, "Sunrise Children's Fund"))
        .to.emit(ledger, "OrganisationRegistered")
        .withArgs(1n, Kind.Charity, REG_NO, "Sunrise Children's Fund");
      await expect(ledger.registerOrganisation(Kind.Supplier, OTHER_REG_NO, "Warm Wear Ltd"))
        .to.emit(ledger, "OrganisationRegistered")
        .withArgs(2n, Kind.Supplier, OTHER_REG_NO, "Warm Wear Ltd");
    });

    it("rejects accounts without the registrar role, the admin included", async function () {
      const { ledger, by, admin, outsider } = await loadFixture(deployLedger);
      for (const account of [admin, outsider]) {
        await expect(by(account).registerOrganisation(Kind.Charity, REG_NO, "Sunrise"))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("accepts a registrar appointed by the admin", async function () {
      const { ledger, by, admin, outsider } = await loadFixture(deployLedger);
      await by(admin).grantRole(REGISTRAR_ROLE, outsider.address);
      await expect(by(outsider).registerOrganisation(Kind.Partner, REG_NO, "Partner Co"))
        .to.emit(ledger, "OrganisationRegistered")
        .withArgs(1n, Kind.Partner, REG_NO, "Partner Co");
    });
  });

  describe("addOperator", function () {
    it("emits OperatorAdded and makes the account an operator of that organisation only", async function () {
      const { by, registrar, outsider } = await loadFixture(withCampaign);
      const ledger = by(registrar);
      await expect(ledger.addOperator(ORG, outsider.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, outsider.address);
      expect(await ledger.isOperator(ORG, outsider.address)).to.equal(true);
      expect(await ledger.isOperator(OTHER_ORG, outsider.address)).to.equal(false);
    });

    it("lets one account operate several organisations", async function () {
      const { by, registrar, operator } = await loadFixture(withCampaign);
      const ledger = by(registrar);
      await expect(ledger.addOperator(OTHER_ORG, operator.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(OTHER_ORG, operator.address);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(true);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar, outsider } = await loadFixture(withCampaign);
      for (const orgId of [0n, 3n, UNKNOWN]) {
        await expect(by(registrar).addOperator(orgId, outsider.address))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });

    it("rejects the zero address and an existing operator", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaign);
      for (const account of [ethers.ZeroAddress, operator.address]) {
        await expect(by(registrar).addOperator(ORG, account))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidOperator")
          .withArgs(ORG, account);
      }
    });

    it("rejects accounts without the registrar role", async function () {
      const { ledger, by, admin, operator, outsider } = await loadFixture(withCampaign);
      for (const account of [admin, operator, outsider]) {
        await expect(by(account).addOperator(ORG, outsider.address))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, REGISTRAR_ROLE);
      }
    });
  });

  describe("suspendOrganisation", function () {
    it("emits OrganisationSuspended and leaves other organisations writable", async function () {
      const { ledger, by, registrar, otherOperator } = await loadFixture(withCampaign);
      await expect(by(registrar).suspendOrganisation(ORG))
        .to.emit(ledger, "OrganisationSuspended")
        .withArgs(ORG);
      await expect(by(otherOperator).openCampaign(OTHER_ORG, CNY, 0n, "Still open"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(2n, OTHER_ORG, CNY, 0n, "Still open");
    });

    it("rejects suspending twice", async function () {
      const { ledger, by, registrar } = await loadFixture(withCampaign);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(registrar).suspendOrganisation(ORG))
        .to.be.revertedWithCustomError(ledger, "LedgerAlreadySuspended")
        .withArgs(ORG);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar } = await loadFixture(withCampaign);
      for (const orgId of [0n, UNKNOWN]) {
        await expect(by(registrar).suspendOrganisation(orgId))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });

    it("rejects accounts without the registrar role", async function () {
      const { ledger, by, admin, operator, outsider } = await loadFixture(withCampaign);
      for (const account of [admin, operator, outsider]) {
        await expect(by(account).suspendOrganisation(ORG))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, REGISTRAR_ROLE);
      }
    });
  });

  describe("openCampaign", function () {
    shouldBehaveLikeOperatorRestricted(async () => {
      const f = await loadFixture(withCampaign);
      return { ...f, ethers, orgId: ORG, send: (from) => f.by(from).openCampaign(ORG, CNY, 0n, "Spring books") };
    });

    it("numbers campaigns in one sequence across organisations and emits CampaignOpened", async function () {
      const { by, operator, otherOperator } = await loadFixture(withCampaign);
      // withCampaign already opened campaign 1 for ORG.
      const ledger = by(operator);
      expect(await ledger.openCampaign.staticCall(ORG, CNY, 0n, "x")).to.equal(2n);
      await expect(ledger.openCampaign(ORG, bytes3("USD"), 0n, "Spring books"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(2n, ORG, bytes3("USD"), 0n, "Spring books");
      await expect(by(otherOperator).openCampaign(OTHER_ORG, CNY, TARGET, "Clean water"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(3n, OTHER_ORG, CNY, TARGET, "Clean water");
    });

    it("gives the very first campaign id 1", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(deployLedger);
      await by(registrar).registerOrganisation(Kind.Charity, REG_NO, "Sunrise");
      await by(registrar).addOperator(ORG, operator.address);
      await expect(by(operator).openCampaign(ORG, CNY, TARGET, "Winter coats"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(1n, ORG, CNY, TARGET, "Winter coats");
    });

    it("stores the owner, currency, open flag and an empty balance", async function () {
      const { ledger } = await loadFixture(withCampaign);
      expect(await ledger.campaign(CAMPAIGN)).to.deep.equal([ORG, CNY, true, 0n]);
    });

    it("accepts the alphabet's edges", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      for (const [id, code] of [[2n, "AAA"], [3n, "ZZZ"]] as const) {
        await expect(by(operator).openCampaign(ORG, bytes3(code), 0n, code))
          .to.emit(ledger, "CampaignOpened")
          .withArgs(id, ORG, bytes3(code), 0n, code);
      }
    });

    it("rejects a currency that is not three upper-case ASCII letters", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      const invalid = [
        bytes3("cny"), // lower case
        bytes3("CnY"), // one lower-case letter
        bytes3("C1Y"), // a digit
        bytes3("840"), // numeric ISO code
        bytes3("@AA"), // the byte just below "A"
        bytes3("AA["), // the byte just above "Z"
        "0x000000", // unset
        "0x434e00", // "CN" padded with a zero byte
      ];
      for (const currency of invalid) {
        await expect(by(operator).openCampaign(ORG, currency, 0n, "Bad"))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidCurrency")
          .withArgs(currency);
      }
    });

    // Nobody can be an operator of an organisation that does not exist, so the caller is the
    // first thing found wrong.
    it("reports an unknown organisation as an unauthorised caller", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      await expect(by(operator).openCampaign(UNKNOWN, CNY, 0n, "Nowhere"))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(UNKNOWN, operator.address);
    });
  });

  describe("closeCampaign", function () {
    shouldBehaveLikeOperatorRestricted(async () => {
      const f = await loadFixture(withCampaign);
      return { ...f, ethers, orgId: ORG, send: (from) => f.by(from).closeCampaign(CAMPAIGN) };
    });

    it("emits CampaignClosed and marks the campaign closed", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).closeCampaign(CAMPAIGN))
        .to.emit(ledger, "CampaignClosed")
        .withArgs(CAMPAIGN, ORG);
      expect(await ledger.campaign(CAMPAIGN)).to.deep.equal([ORG, CNY, false, FUNDED]);
    });

    it("rejects closing twice", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      await by(operator).closeCampaign(CAMPAIGN);
      await expect(by(operator).closeCampaign(CAMPAIGN))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(CAMPAIGN);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).closeCampaign(campaignId))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });
  });

  describe("recordDonation", function () {
    shouldBehaveLikeOperatorRestricted(async () => {
      const f = await loadFixture(withCampaign);
      return {
        ...f,
        ethers,
        orgId: ORG,
        send: (from) => f.by(from).recordDonation(CAMPAIGN, 1n, Channel.Alipay, DONOR),
      };
    });

    it("emits DonationRecorded with record id 1 and the new balance", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      expect(await by(operator).recordDonation.staticCall(CAMPAIGN, 500n, Channel.Bank, DONOR)).to.equal(1n);
      await expect(by(operator).recordDonation(CAMPAIGN, 500n, Channel.WeChatPay, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, CAMPAIGN, 500n, Channel.WeChatPay, DONOR, 500n);
    });

    it("adds up the balance, in the event and in the campaign view", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).recordDonation(CAMPAIGN, 250n, Channel.Cash, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, CAMPAIGN, 250n, Channel.Cash, DONOR, FUNDED + 250n);
      expect((await ledger.campaign(CAMPAIGN)).balance).to.equal(FUNDED + 250n);
    });

    it("accepts every channel", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      let recordId = 0n;
      for (const channel of Object.values(Channel)) {
        recordId += 1n;
        await expect(by(operator).recordDonation(CAMPAIGN, 10n, channel, DONOR))
          .to.emit(ledger, "DonationRecorded")
          .withArgs(recordId, CAMPAIGN, 10n, channel, DONOR, recordId * 10n);
      }
    });

    // Out-of-range enums fail in the ABI decoder, before any of the ledger's own checks.
    it("rejects a channel outside the enum", async function () {
      const { by, operator } = await loadFixture(withCampaign);
      await expect(by(operator).recordDonation(CAMPAIGN, 10n, 5n, DONOR)).to.be.revertedWithoutReason(ethers);
    });

    it("keeps each campaign's balance apart", async function () {
      const { ledger, by, operator, otherOperator } = await loadFixture(withFundedCampaign);
      await by(otherOperator).openCampaign(OTHER_ORG, CNY, 0n, "Clean water");
      await expect(by(otherOperator).recordDonation(2n, 7n, Channel.OnChain, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, 2n, 7n, Channel.OnChain, DONOR, 7n);
      expect((await ledger.campaign(CAMPAIGN)).balance).to.equal(FUNDED);
      expect(await ledger.campaign(2n)).to.deep.equal([OTHER_ORG, CNY, true, 7n]);
      // otherOperator may write for OTHER_ORG's campaign but still not for ORG's.
      await expect(by(otherOperator).recordDonation(CAMPAIGN, 7n, Channel.OnChain, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, otherOperator.address);
    });

    it("rejects a zero amount", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      await expect(by(operator).recordDonation(CAMPAIGN, 0n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(CAMPAIGN);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).recordDonation(campaignId, 1n, Channel.Bank, DONOR))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });

    it("rejects a closed campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await by(operator).closeCampaign(CAMPAIGN);
      await expect(by(operator).recordDonation(CAMPAIGN, 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerCampaignClosed")
        .withArgs(CAMPAIGN);
    });
  });

  describe("recordDisbursement", function () {
    shouldBehaveLikeOperatorRestricted(async () => {
      const f = await loadFixture(withFundedCampaign);
      return {
        ...f,
        ethers,
        orgId: ORG,
        send: (from) => f.by(from).recordDisbursement(CAMPAIGN, RECIPIENT, 1n, Purpose.Programme, EVIDENCE),
      };
    });

    it("emits DisbursementRecorded with the balance left", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      expect(
        await by(operator).recordDisbursement.staticCall(CAMPAIGN, RECIPIENT, 300n, Purpose.Programme, EVIDENCE),
      ).to.equal(2n);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 300n, Purpose.Administration, EVIDENCE))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(2n, CAMPAIGN, RECIPIENT, 300n, Purpose.Administration, EVIDENCE, FUNDED - 300n);
      expect((await ledger.campaign(CAMPAIGN)).balance).to.equal(FUNDED - 300n);
    });

    it("pays out exactly the balance, and then nothing more", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, FUNDED, Purpose.Fundraising, EVIDENCE))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(2n, CAMPAIGN, RECIPIENT, FUNDED, Purpose.Fundraising, EVIDENCE, 0n);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 1n, Purpose.Programme, EVIDENCE))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(CAMPAIGN, 0n, 1n);
    });

    it("rejects paying out more than the balance", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, FUNDED + 1n, Purpose.Programme, EVIDENCE))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(CAMPAIGN, FUNDED, FUNDED + 1n);
    });

    it("rejects paying out of an empty campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withCampaign);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 1n, Purpose.Programme, EVIDENCE))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(CAMPAIGN, 0n, 1n);
    });

    it("rejects a zero amount", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 0n, Purpose.Programme, EVIDENCE))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(CAMPAIGN);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      for (const campaignId of [0n, UNKNOWN]) {
        await expect(by(operator).recordDisbursement(campaignId, RECIPIENT, 1n, Purpose.Programme, EVIDENCE))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(campaignId);
      }
    });

    // Closing stops fundraising, not the spending of what was raised.
    it("still pays out of a closed campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await by(operator).closeCampaign(CAMPAIGN);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 400n, Purpose.Programme, EVIDENCE))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(2n, CAMPAIGN, RECIPIENT, 400n, Purpose.Programme, EVIDENCE, FUNDED - 400n);
    });
  });

  describe("record ids", function () {
    it("are shared by donations and disbursements and increase across campaigns", async function () {
      const { ledger, by, operator, otherOperator } = await loadFixture(withCampaign);
      await by(otherOperator).openCampaign(OTHER_ORG, CNY, 0n, "Clean water");
      await expect(by(operator).recordDonation(CAMPAIGN, 100n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, CAMPAIGN, 100n, Channel.Bank, DONOR, 100n);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, 40n, Purpose.Programme, EVIDENCE))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(2n, CAMPAIGN, RECIPIENT, 40n, Purpose.Programme, EVIDENCE, 60n);
      await expect(by(otherOperator).recordDonation(2n, 5n, Channel.Cash, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(3n, 2n, 5n, Channel.Cash, DONOR, 5n);
      await expect(by(operator).recordDonation(CAMPAIGN, 1n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(4n, CAMPAIGN, 1n, Channel.Bank, DONOR, 61n);
    });

    // A reverted write must not burn an id, or the mirror would see gaps.
    it("are not consumed by a reverted write", async function () {
      const { ledger, by, operator } = await loadFixture(withFundedCampaign);
      await expect(by(operator).recordDisbursement(CAMPAIGN, RECIPIENT, FUNDED + 1n, Purpose.Programme, EVIDENCE))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(CAMPAIGN, FUNDED, FUNDED + 1n);
      await expect(by(operator).recordDonation(CAMPAIGN, 1n, Channel.Bank, DONOR))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, CAMPAIGN, 1n, Channel.Bank, DONOR, FUNDED + 1n);
    });
  });

  describe("views", function () {
    it("campaign() returns zeros for an unknown campaign", async function () {
      const { ledger } = await loadFixture(withCampaign);
      expect(await ledger.campaign(UNKNOWN)).to.deep.equal([0n, "0x000000", false, 0n]);
    });

    it("campaign() names its fields", async function () {
      const { ledger } = await loadFixture(withFundedCampaign);
      const c = await ledger.campaign(CAMPAIGN);
      expect([c.orgId, c.currency, c.open, c.balance]).to.deep.equal([ORG, CNY, true, FUNDED]);
    });

    it("isOperator() is false for strangers, the registrar and unknown organisations", async function () {
      const { ledger, registrar, operator, outsider } = await loadFixture(withCampaign);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(true);
      expect(await ledger.isOperator(ORG, outsider.address)).to.equal(false);
      expect(await ledger.isOperator(ORG, registrar.address)).to.equal(false);
      expect(await ledger.isOperator(UNKNOWN, operator.address)).to.equal(false);
    });

    // The interface documents isOperator as "whether account may write for orgId".
    it("isOperator() turns false when the organisation is suspended", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaign);
      await by(registrar).suspendOrganisation(ORG);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(false);
    });
  });
});
