import { expect } from "chai";
import type { Contract, ContractTransactionResponse } from "ethers";
import { ethers, ORG, REGISTRAR_ROLE, type Signer } from "./fixtures.ts";

/** Sends the restricted call from `from`; on the context's fresh state it must succeed from an authorised account. */
type Send = (from: Signer) => Promise<ContractTransactionResponse>;

/** The named accounts of the fixtures, from which the contexts below are built. */
export interface Accounts {
  ledger: Contract;
  by(signer: Signer): Contract;
  admin: Signer;
  registrar: Signer;
  auditor: Signer;
  operator: Signer;
  otherOperator: Signer;
  outsider: Signer;
  newcomer: Signer;
}

export function registrarOnlyContext(f: Accounts, send: Send): RegistrarOnlyContext {
  const { ledger, by, admin, registrar, newcomer } = f;
  return { ledger, by, admin, registrar, newcomer, others: [f.admin, f.auditor, f.operator, f.outsider], send };
}

/** By default ORG, written for by `operator`; pass the other side for OTHER_ORG. */
export function operatorOnlyContext(
  f: Accounts,
  send: Send,
  side: { orgId: bigint; operator: Signer; otherOperator: Signer } = { orgId: ORG, operator: f.operator, otherOperator: f.otherOperator },
): OperatorOnlyContext {
  const { ledger, by, registrar, newcomer } = f;
  return { ledger, by, registrar, newcomer, ...side, nonOperators: [f.admin, f.registrar, f.auditor, f.outsider], send };
}

/** What a suite needs to check that one Ledger function is restricted to registrars. */
export interface RegistrarOnlyContext {
  ledger: Contract;
  by(signer: Signer): Contract;
  admin: Signer;
  registrar: Signer;
  /** Accounts with other roles or none: the admin, an auditor, an operator, a stranger. */
  others: Signer[];
  /** An account with no role, for the admin to appoint. */
  newcomer: Signer;
  send: Send;
}

/**
 * Shared by every registrar-only function (registerOrganisation, addOperator, removeOperator,
 * suspendOrganisation, reinstateOrganisation). `setup` must restore a fresh state on each call,
 * e.g. through `loadFixture`.
 */
export function shouldBehaveLikeRegistrarOnly(setup: () => Promise<RegistrarOnlyContext>): void {
  describe("restricted to registrars", function () {
    it("lets the registrar call", async function () {
      const { registrar, send } = await setup();
      await expect(send(registrar)).not.to.revert(ethers);
    });

    it("rejects every other account, the admin included, with AccessControlUnauthorizedAccount", async function () {
      const { ledger, others, send } = await setup();
      for (const account of others) {
        await expect(send(account))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("follows the admin's appointments and revocations", async function () {
      const { ledger, by, admin, registrar, newcomer, send } = await setup();
      await expect(by(admin).grantRole(REGISTRAR_ROLE, newcomer.address))
        .to.emit(ledger, "RoleGranted")
        .withArgs(REGISTRAR_ROLE, newcomer.address, admin.address);
      await expect(by(admin).revokeRole(REGISTRAR_ROLE, registrar.address))
        .to.emit(ledger, "RoleRevoked")
        .withArgs(REGISTRAR_ROLE, registrar.address, admin.address);
      await expect(send(registrar))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, REGISTRAR_ROLE);
      await expect(send(newcomer)).not.to.revert(ethers);
    });
  });
}

/** What a suite needs to check that one Ledger function is restricted to the operators of an organisation. */
export interface OperatorOnlyContext {
  ledger: Contract;
  by(signer: Signer): Contract;
  /** The organisation the call writes for. */
  orgId: bigint;
  registrar: Signer;
  /** An operator of `orgId`. */
  operator: Signer;
  /** An operator of another organisation, and of that one only. */
  otherOperator: Signer;
  /** Accounts with other roles or none: the admin, the registrar, an auditor, a stranger. */
  nonOperators: Signer[];
  /** An account with no role, for the registrar to make an operator. */
  newcomer: Signer;
  send: Send;
}

/**
 * Shared by every operator-only function. `setup` must restore a fresh state on each call, e.g.
 * through `loadFixture`, because the cases remove operators and suspend the organisation.
 */
export function shouldBehaveLikeOperatorOnly(setup: () => Promise<OperatorOnlyContext>): void {
  describe("restricted to the organisation's operators", function () {
    it("lets an operator of the organisation call", async function () {
      const { operator, send } = await setup();
      await expect(send(operator)).not.to.revert(ethers);
    });

    // Registering organisations, auditing and writing for an organisation are separate duties.
    it("rejects accounts that are not its operators, whatever other role they hold", async function () {
      const { ledger, orgId, nonOperators, send } = await setup();
      for (const account of nonOperators) {
        await expect(send(account))
          .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
          .withArgs(orgId, account.address);
      }
    });

    it("rejects an operator of another organisation", async function () {
      const { ledger, orgId, otherOperator, send } = await setup();
      await expect(send(otherOperator))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, otherOperator.address);
    });

    it("rejects an operator the registrar removed", async function () {
      const { ledger, by, orgId, registrar, operator, send } = await setup();
      await by(registrar).removeOperator(orgId, operator.address);
      await expect(send(operator))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, operator.address);
    });

    it("rejects its operators while the organisation is suspended", async function () {
      const { ledger, by, orgId, registrar, operator, send } = await setup();
      await by(registrar).suspendOrganisation(orgId);
      await expect(send(operator))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(orgId);
    });

    // A stranger learns nothing about the organisation's standing.
    it("still reports strangers as unauthorised while the organisation is suspended", async function () {
      const { ledger, by, orgId, registrar, nonOperators, send } = await setup();
      await by(registrar).suspendOrganisation(orgId);
      for (const account of nonOperators) {
        await expect(send(account))
          .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
          .withArgs(orgId, account.address);
      }
    });

    it("accepts its operator again once the organisation is reinstated", async function () {
      const { by, orgId, registrar, operator, send } = await setup();
      await by(registrar).suspendOrganisation(orgId);
      await by(registrar).reinstateOrganisation(orgId);
      await expect(send(operator)).not.to.revert(ethers);
    });

    it("holds an operator added during the suspension until the reinstatement", async function () {
      const { ledger, by, orgId, registrar, newcomer, send } = await setup();
      await by(registrar).suspendOrganisation(orgId);
      await by(registrar).addOperator(orgId, newcomer.address);
      await expect(send(newcomer))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(orgId);
      await by(registrar).reinstateOrganisation(orgId);
      await expect(send(newcomer)).not.to.revert(ethers);
    });
  });
}
