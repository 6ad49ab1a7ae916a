import { expect } from "chai";
import { registrarOnlyContext, shouldBehaveLikeRegistrarOnly } from "./access.behavior.ts";
import {
  Asset,
  AUDITOR_ROLE,
  C,
  DEFAULT_ADMIN_ROLE,
  deployLedger,
  ethers,
  ETH_GIFT,
  Kind,
  loadFixture,
  MEMO,
  NO_CURRENCY,
  OPERATOR_ROLE,
  ORG,
  OTHER_ORG,
  OTHER_REG_NO,
  REG_NO,
  REGISTRAR_ROLE,
  UNKNOWN,
  withCampaigns,
  withFunds,
  withOrganisations,
} from "./fixtures.ts";

describe("Ledger: organisations and roles", function () {
  describe("deployment", function () {
    it("gives the admin and registrar roles to the accounts named, and nothing else", async function () {
      const { ledger, admin, registrar } = await loadFixture(deployLedger);
      expect(await ledger.REGISTRAR_ROLE()).to.equal(REGISTRAR_ROLE);
      expect(await ledger.AUDITOR_ROLE()).to.equal(AUDITOR_ROLE);
      expect(await ledger.OPERATOR_ROLE()).to.equal(OPERATOR_ROLE);
      expect(await ledger.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await ledger.hasRole(REGISTRAR_ROLE, registrar.address)).to.equal(true);
      expect(await ledger.hasRole(REGISTRAR_ROLE, admin.address)).to.equal(false);
      expect(await ledger.hasRole(DEFAULT_ADMIN_ROLE, registrar.address)).to.equal(false);
      expect(await ledger.recordCount()).to.equal(0n);
    });

    it("trusts the forwarder named, and only it", async function () {
      const { ledger, forwarder, relayer } = await loadFixture(deployLedger);
      const forwarderAddress = await forwarder.getAddress();
      expect(await ledger.trustedForwarder()).to.equal(forwarderAddress);
      expect(await ledger.isTrustedForwarder(forwarderAddress)).to.equal(true);
      expect(await ledger.isTrustedForwarder(relayer.address)).to.equal(false);
    });

    it("may trust no forwarder at all", async function () {
      const { admin, registrar } = await loadFixture(deployLedger);
      const ledger = await ethers.deployContract("Ledger", [admin.address, registrar.address, ethers.ZeroAddress]);
      expect(await ledger.trustedForwarder()).to.equal(ethers.ZeroAddress);
    });

    it("lets the admin, and only the admin, appoint auditors", async function () {
      const { ledger, by, admin, registrar, newcomer } = await loadFixture(deployLedger);
      await expect(by(registrar).grantRole(AUDITOR_ROLE, newcomer.address))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, DEFAULT_ADMIN_ROLE);
      await expect(by(admin).grantRole(AUDITOR_ROLE, newcomer.address))
        .to.emit(ledger, "RoleGranted")
        .withArgs(AUDITOR_ROLE, newcomer.address, admin.address);
      expect(await ledger.hasRole(AUDITOR_ROLE, newcomer.address)).to.equal(true);
    });
  });

  describe("registerOrganisation", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(deployLedger);
      return registrarOnlyContext(f, (from) => f.by(from).registerOrganisation(Kind.Charity, REG_NO, "Sunrise"));
    });

    it("hands out ids from 1 and emits OrganisationRegistered", async function () {
      const { ledger, by, registrar } = await loadFixture(deployLedger);
      const asRegistrar = by(registrar);
      expect(await asRegistrar.registerOrganisation.staticCall(Kind.Charity, REG_NO, "A")).to.equal(1n);
      await expect(asRegistrar.registerOrganisation(Kind.Charity, REG_NO, "Sunrise Children's Fund"))
        .to.emit(ledger, "OrganisationRegistered")
        .withArgs(1n, Kind.Charity, REG_NO, "Sunrise Children's Fund");
      await expect(asRegistrar.registerOrganisation(Kind.Supplier, OTHER_REG_NO, "Warm Wear Ltd"))
        .to.emit(ledger, "OrganisationRegistered")
        .withArgs(2n, Kind.Supplier, OTHER_REG_NO, "Warm Wear Ltd");
    });

    it("rejects a kind outside the enum in the ABI decoder", async function () {
      const { by, registrar } = await loadFixture(deployLedger);
      await expect(by(registrar).registerOrganisation(4n, REG_NO, "Nobody")).to.be.revertedWithoutReason(ethers);
    });
  });

  describe("addOperator", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(withOrganisations);
      return registrarOnlyContext(f, (from) => f.by(from).addOperator(ORG, f.outsider.address));
    });

    it("emits OperatorAdded and makes the account an operator of that organisation only", async function () {
      const { ledger, by, registrar, outsider } = await loadFixture(withOrganisations);
      expect(await ledger.operatorOf(outsider.address)).to.deep.equal([0n, false]);
      await expect(by(registrar).addOperator(ORG, outsider.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, outsider.address);
      expect(await ledger.isOperator(ORG, outsider.address)).to.equal(true);
      expect(await ledger.isOperator(OTHER_ORG, outsider.address)).to.equal(false);
      expect(await ledger.operatorOf(outsider.address)).to.deep.equal([ORG, true]);
    });

    // One organisation per key for good, so every record a key ever authorised stays that organisation's.
    it("refuses an operator of another organisation, naming the organisation it is bound to", async function () {
      const { ledger, by, registrar, operator, otherOperator } = await loadFixture(withOrganisations);
      await expect(by(registrar).addOperator(OTHER_ORG, operator.address))
        .to.be.revertedWithCustomError(ledger, "LedgerOperatorBound")
        .withArgs(operator.address, ORG);
      await expect(by(registrar).addOperator(ORG, otherOperator.address))
        .to.be.revertedWithCustomError(ledger, "LedgerOperatorBound")
        .withArgs(otherOperator.address, OTHER_ORG);
      expect(await ledger.isOperator(OTHER_ORG, operator.address)).to.equal(false);
    });

    it("keeps a removed operator bound to its organisation: never another's, its own again", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      await by(registrar).removeOperator(ORG, operator.address);
      expect(await ledger.operatorOf(operator.address)).to.deep.equal([ORG, false]);
      await expect(by(registrar).addOperator(OTHER_ORG, operator.address))
        .to.be.revertedWithCustomError(ledger, "LedgerOperatorBound")
        .withArgs(operator.address, ORG);
      await expect(by(registrar).addOperator(ORG, operator.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, operator.address);
      expect(await ledger.operatorOf(operator.address)).to.deep.equal([ORG, true]);
    });

    it("keeps the binding through a suspension of the organisation", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      await by(registrar).suspendOrganisation(ORG);
      expect(await ledger.operatorOf(operator.address)).to.deep.equal([ORG, false]);
      await expect(by(registrar).addOperator(OTHER_ORG, operator.address))
        .to.be.revertedWithCustomError(ledger, "LedgerOperatorBound")
        .withArgs(operator.address, ORG);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar, outsider } = await loadFixture(withOrganisations);
      for (const orgId of [0n, 3n, UNKNOWN]) {
        await expect(by(registrar).addOperator(orgId, outsider.address))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });

    it("rejects the zero address and an existing operator", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      for (const account of [ethers.ZeroAddress, operator.address]) {
        await expect(by(registrar).addOperator(ORG, account))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidOperator")
          .withArgs(ORG, account);
      }
    });

    it("adds an operator to a suspended organisation as suspended", async function () {
      const { ledger, by, registrar, outsider } = await loadFixture(withOrganisations);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(registrar).addOperator(ORG, outsider.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, outsider.address);
      expect(await ledger.isOperator(ORG, outsider.address)).to.equal(false);
      await by(registrar).reinstateOrganisation(ORG);
      expect(await ledger.isOperator(ORG, outsider.address)).to.equal(true);
    });
  });

  describe("removeOperator", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(withOrganisations);
      return registrarOnlyContext(f, (from) => f.by(from).removeOperator(ORG, f.operator.address));
    });

    it("emits OperatorRemoved and withdraws that operator's right only", async function () {
      const { ledger, by, registrar, operator, fellowOperator, otherOperator } = await loadFixture(withOrganisations);
      await expect(by(registrar).removeOperator(ORG, operator.address))
        .to.emit(ledger, "OperatorRemoved")
        .withArgs(ORG, operator.address);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(false);
      expect(await ledger.operatorOf(operator.address)).to.deep.equal([ORG, false]);
      expect(await ledger.isOperator(ORG, fellowOperator.address)).to.equal(true);
      expect(await ledger.isOperator(OTHER_ORG, otherOperator.address)).to.equal(true);
    });

    it("rejects removing an operator twice", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      await by(registrar).removeOperator(ORG, operator.address);
      await expect(by(registrar).removeOperator(ORG, operator.address))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidOperator")
        .withArgs(ORG, operator.address);
    });

    it("lets the registrar add a removed operator again", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      await by(registrar).removeOperator(ORG, operator.address);
      await expect(by(registrar).addOperator(ORG, operator.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, operator.address);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(true);
    });

    it("rejects an account that is not an operator, the zero address included", async function () {
      const { ledger, by, registrar, outsider, otherOperator } = await loadFixture(withOrganisations);
      for (const account of [outsider.address, otherOperator.address, ethers.ZeroAddress]) {
        await expect(by(registrar).removeOperator(ORG, account))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidOperator")
          .withArgs(ORG, account);
      }
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withOrganisations);
      for (const orgId of [0n, UNKNOWN]) {
        await expect(by(registrar).removeOperator(orgId, operator.address))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });

    // Removal swaps the last operator into the freed place; suspension must still reach everyone left.
    it("keeps suspension and reinstatement reaching every remaining operator", async function () {
      const { ledger, by, registrar, operator, fellowOperator, outsider, newcomer } = await loadFixture(withOrganisations);
      await by(registrar).addOperator(ORG, outsider.address);
      await by(registrar).addOperator(ORG, newcomer.address);
      await by(registrar).removeOperator(ORG, operator.address);
      await by(registrar).suspendOrganisation(ORG);
      for (const account of [operator, fellowOperator, outsider, newcomer]) {
        expect(await ledger.isOperator(ORG, account.address)).to.equal(false);
      }
      await by(registrar).reinstateOrganisation(ORG);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(false);
      for (const account of [fellowOperator, outsider, newcomer]) {
        expect(await ledger.isOperator(ORG, account.address)).to.equal(true);
      }
    });
  });

  describe("suspendOrganisation", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(withOrganisations);
      return registrarOnlyContext(f, (from) => f.by(from).suspendOrganisation(ORG));
    });

    it("emits OrganisationSuspended, silences its operators and leaves other organisations alone", async function () {
      const { ledger, by, registrar, operator, otherOperator } = await loadFixture(withOrganisations);
      await expect(by(registrar).suspendOrganisation(ORG))
        .to.emit(ledger, "OrganisationSuspended")
        .withArgs(ORG);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(false);
      expect(await ledger.isOperator(OTHER_ORG, otherOperator.address)).to.equal(true);
      await expect(by(otherOperator).openCampaign(OTHER_ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Still open"))
        .to.emit(ledger, "CampaignOpened")
        .withArgs(1n, OTHER_ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Still open", otherOperator.address);
    });

    it("makes the organisation receive nothing: neither public donations nor grants", async function () {
      const { ledger, by, registrar, operator, donor } = await loadFixture(withFunds);
      await by(registrar).suspendOrganisation(OTHER_ORG);
      await expect(by(operator).makeGrant(C.CNY, C.OTHER_CNY, 1n, MEMO))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(OTHER_ORG);
      await expect(by(donor).donateNative(C.OTHER_NATIVE, ethers.ZeroHash, { value: ETH_GIFT }))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(OTHER_ORG);
    });

    it("rejects suspending twice", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(registrar).suspendOrganisation(ORG))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(ORG);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      for (const orgId of [0n, UNKNOWN]) {
        await expect(by(registrar).suspendOrganisation(orgId))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });
  });

  describe("reinstateOrganisation", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(withOrganisations);
      await f.by(f.registrar).suspendOrganisation(ORG);
      return registrarOnlyContext(f, (from) => f.by(from).reinstateOrganisation(ORG));
    });

    it("emits OrganisationReinstated and gives the operators back their right", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaigns);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(registrar).reinstateOrganisation(ORG))
        .to.emit(ledger, "OrganisationReinstated")
        .withArgs(ORG);
      expect(await ledger.isOperator(ORG, operator.address)).to.equal(true);
      await expect(by(operator).closeCampaign(C.CNY))
        .to.emit(ledger, "CampaignClosed")
        .withArgs(C.CNY, ORG, operator.address);
    });

    it("rejects an organisation that is not suspended", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      await expect(by(registrar).reinstateOrganisation(ORG))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationNotSuspended")
        .withArgs(ORG);
      await by(registrar).suspendOrganisation(ORG);
      await by(registrar).reinstateOrganisation(ORG);
      await expect(by(registrar).reinstateOrganisation(ORG))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationNotSuspended")
        .withArgs(ORG);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      for (const orgId of [0n, UNKNOWN]) {
        await expect(by(registrar).reinstateOrganisation(orgId))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });
  });
});
