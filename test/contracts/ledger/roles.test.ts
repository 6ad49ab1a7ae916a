import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import {
  AUDITOR_ROLE,
  C,
  DEFAULT_ADMIN_ROLE,
  deployLedger,
  disbursement,
  ethers,
  loadFixture,
  OPERATOR_ROLE,
  ORG,
  OTHER_ORG,
  REGISTRAR_ROLE,
  type Signer,
  withFunds,
  withOrganisations,
} from "./fixtures.ts";

// One address, one role: the admin only appoints, the registrar only registers organisations
// and operators, auditors attest, confirm and approve, and an operator writes for the one
// organisation it is bound to. No key can both vouch for money and move it.

const ROLE_NAMES: Record<string, string> = {
  [DEFAULT_ADMIN_ROLE]: "admin",
  [REGISTRAR_ROLE]: "registrar",
  [AUDITOR_ROLE]: "auditor",
  [OPERATOR_ROLE]: "operator",
};

describe("Ledger: one role per address", function () {
  describe("the registrar", function () {
    it("cannot add itself as an operator", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      for (const orgId of [ORG, OTHER_ORG]) {
        await expect(by(registrar).addOperator(orgId, registrar.address))
          .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
          .withArgs(registrar.address, REGISTRAR_ROLE);
      }
      expect(await ledger.operatorOf(registrar.address)).to.deep.equal([0n, false]);
    });

    it("cannot pay out, record or grant for any organisation", async function () {
      const { ledger, by, registrar } = await loadFixture(withFunds);
      await expect(by(registrar).recordDisbursement(disbursement(C.CNY, 1n)))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, registrar.address);
      await expect(by(registrar).recordDisbursements([disbursement(C.NATIVE, 1n, { payee: registrar.address })]))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, registrar.address);
      await expect(by(registrar).makeGrant(C.CNY, C.OTHER_CNY, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, registrar.address);
    });

    it("cannot make the admin or an auditor an operator", async function () {
      const { ledger, by, registrar, admin, auditor } = await loadFixture(withOrganisations);
      await expect(by(registrar).addOperator(ORG, admin.address))
        .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(by(registrar).addOperator(ORG, auditor.address))
        .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
        .withArgs(auditor.address, AUDITOR_ROLE);
    });
  });

  describe("the admin", function () {
    it("cannot grant itself the auditor role, nor the registrar's", async function () {
      const { ledger, by, admin } = await loadFixture(deployLedger);
      for (const role of [AUDITOR_ROLE, REGISTRAR_ROLE]) {
        await expect(by(admin).grantRole(role, admin.address))
          .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
          .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
        expect(await ledger.hasRole(role, admin.address)).to.equal(false);
      }
    });

    it("cannot be deployed as the registrar too", async function () {
      const { ledger, forwarder, admin } = await loadFixture(deployLedger);
      await expect(ethers.deployContract("Ledger", [admin.address, admin.address, await forwarder.getAddress()]))
        .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("every pair of roles", function () {
    /** Each role's holder, and how to give an account each role. */
    async function withEveryRole() {
      const f = await withOrganisations();
      // An operator removed from its organisation stays bound to it, so it keeps the operator role.
      await f.by(f.registrar).removeOperator(ORG, f.fellowOperator.address);
      const holders: [string, Signer, string][] = [
        ["the admin", f.admin, DEFAULT_ADMIN_ROLE],
        ["the registrar", f.registrar, REGISTRAR_ROLE],
        ["an auditor", f.auditor, AUDITOR_ROLE],
        ["an operator", f.operator, OPERATOR_ROLE],
        ["a removed operator", f.fellowOperator, OPERATOR_ROLE],
      ];
      const give = (role: string, account: Signer): Promise<ContractTransactionResponse> =>
        role === OPERATOR_ROLE
          ? f.by(f.registrar).addOperator(OTHER_ORG, account.address)
          : f.by(f.admin).grantRole(role, account.address);
      return { ...f, holders, give };
    }

    for (const [held, heldName] of Object.entries(ROLE_NAMES)) {
      for (const [wanted, wantedName] of Object.entries(ROLE_NAMES)) {
        if (wanted === held) continue;
        it(`refuses the ${wantedName} role to every holder of the ${heldName} role`, async function () {
          const { ledger, holders, give } = await loadFixture(withEveryRole);
          const matching = holders.filter(([, , role]) => role === held);
          expect(matching).to.not.be.empty;
          for (const [, account] of matching) {
            await expect(give(wanted, account))
              .to.be.revertedWithCustomError(ledger, "LedgerRoleConflict")
              .withArgs(account.address, held);
          }
        });
      }
    }

    it("lets an account with no role take any one role", async function () {
      const { ledger, by, admin, registrar } = await loadFixture(withOrganisations);
      const fresh = (await ethers.getSigners()).slice(13, 17);
      await expect(by(admin).grantRole(DEFAULT_ADMIN_ROLE, fresh[0]!.address)).to.emit(ledger, "RoleGranted");
      await expect(by(admin).grantRole(REGISTRAR_ROLE, fresh[1]!.address)).to.emit(ledger, "RoleGranted");
      await expect(by(admin).grantRole(AUDITOR_ROLE, fresh[2]!.address)).to.emit(ledger, "RoleGranted");
      await expect(by(registrar).addOperator(ORG, fresh[3]!.address)).to.emit(ledger, "OperatorAdded");
    });

    it("lets a role be granted again to its holder, changing nothing", async function () {
      const { ledger, by, admin, auditor } = await loadFixture(withOrganisations);
      await expect(by(admin).grantRole(AUDITOR_ROLE, auditor.address)).not.to.emit(ledger, "RoleGranted");
      expect(await ledger.hasRole(AUDITOR_ROLE, auditor.address)).to.equal(true);
    });

    // The rule is about what an address holds now: an auditor whose role was revoked may serve an
    // organisation. An operator never sheds its role (see above): its binding is for good.
    it("lets an account whose role was revoked take another", async function () {
      const { ledger, by, admin, registrar, auditor } = await loadFixture(withOrganisations);
      await by(admin).revokeRole(AUDITOR_ROLE, auditor.address);
      await expect(by(registrar).addOperator(ORG, auditor.address))
        .to.emit(ledger, "OperatorAdded")
        .withArgs(ORG, auditor.address);
    });
  });
});
