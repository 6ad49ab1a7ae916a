import { expect } from "chai";
import type { Contract, ContractTransactionResponse } from "ethers";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

/** What a suite needs to check that one Ledger function is restricted to the operators of an organisation. */
export interface OperatorRestrictedContext {
  ethers: HardhatEthers;
  ledger: Contract;
  /** The organisation the call writes for. */
  orgId: bigint;
  registrar: HardhatEthersSigner;
  /** An operator of `orgId`. */
  operator: HardhatEthersSigner;
  /** An operator of another organisation, and of that one only. */
  otherOperator: HardhatEthersSigner;
  /** An account with no role at all. */
  outsider: HardhatEthersSigner;
  /** Sends the restricted call from `from`; the call must succeed when `from` is `operator`. */
  send(from: HardhatEthersSigner): Promise<ContractTransactionResponse>;
}

/**
 * Shared by every operator-restricted function (openCampaign, closeCampaign, recordDonation,
 * recordDisbursement). `setup` must restore a fresh state on each call, e.g. through `loadFixture`,
 * because the suspension case changes it.
 */
export function shouldBehaveLikeOperatorRestricted(setup: () => Promise<OperatorRestrictedContext>): void {
  describe("restricted to the organisation's operators", function () {
    it("lets an operator of the organisation call", async function () {
      const { ethers, operator, send } = await setup();
      await expect(send(operator)).not.to.revert(ethers);
    });

    it("rejects an account with no role", async function () {
      const { ledger, orgId, outsider, send } = await setup();
      await expect(send(outsider))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, outsider.address);
    });

    // Registering organisations and writing for them are separate duties.
    it("rejects the registrar", async function () {
      const { ledger, orgId, registrar, send } = await setup();
      await expect(send(registrar))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, registrar.address);
    });

    it("rejects an operator of another organisation", async function () {
      const { ledger, orgId, otherOperator, send } = await setup();
      await expect(send(otherOperator))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, otherOperator.address);
    });

    it("rejects an operator once the organisation is suspended", async function () {
      const { ledger, orgId, registrar, operator, send } = await setup();
      await (ledger.connect(registrar) as Contract).suspendOrganisation(orgId);
      await expect(send(operator))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(orgId);
    });

    // A stranger learns nothing about the organisation's standing.
    it("still reports a stranger as unauthorised when the organisation is suspended", async function () {
      const { ledger, orgId, registrar, outsider, send } = await setup();
      await (ledger.connect(registrar) as Contract).suspendOrganisation(orgId);
      await expect(send(outsider))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(orgId, outsider.address);
    });
  });
}
