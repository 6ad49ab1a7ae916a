import { expect } from "chai";
import {
  AUDITOR_ROLE,
  C,
  disbursement,
  FUNDED_RECORDS,
  loadFixture,
  ORG,
  OTHER_ORG,
  R,
  withFunds,
} from "./fixtures.ts";

const WITH_CONFIRMER = FUNDED_RECORDS + 1n;
const AUDITORS_ONLY = FUNDED_RECORDS + 2n;
const OTHER_CONFIRMER = FUNDED_RECORDS + 3n;

/** As withFunds, with three attested disbursements: one naming `confirmer`, one naming nobody, one naming `payee`. */
async function withDisbursements() {
  const f = await withFunds();
  await f.by(f.operator).recordDisbursements([
    disbursement(C.CNY, 100n, { confirmer: f.confirmer.address }),
    disbursement(C.CNY, 100n),
    disbursement(C.CNY, 100n, { confirmer: f.payee.address }),
  ]);
  return f;
}

describe("Ledger: confirmations", function () {
  describe("confirmDisbursement", function () {
    it("lets the named confirmer confirm, emitting DisbursementConfirmed", async function () {
      const { ledger, by, confirmer } = await loadFixture(withDisbursements);
      await expect(by(confirmer).confirmDisbursement(WITH_CONFIRMER))
        .to.emit(ledger, "DisbursementConfirmed")
        .withArgs(WITH_CONFIRMER, confirmer.address);
    });

    it("lets an auditor confirm any disbursement, with or without a confirmer", async function () {
      const { ledger, by, auditor } = await loadFixture(withDisbursements);
      for (const id of [WITH_CONFIRMER, AUDITORS_ONLY]) {
        await expect(by(auditor).confirmDisbursement(id))
          .to.emit(ledger, "DisbursementConfirmed")
          .withArgs(id, auditor.address);
      }
    });

    it("takes one confirmation only, whoever gives it", async function () {
      const { ledger, by, auditor, confirmer } = await loadFixture(withDisbursements);
      await by(auditor).confirmDisbursement(WITH_CONFIRMER);
      for (const account of [confirmer, auditor]) {
        await expect(by(account).confirmDisbursement(WITH_CONFIRMER))
          .to.be.revertedWithCustomError(ledger, "LedgerAlreadySettled")
          .withArgs(WITH_CONFIRMER);
      }
    });

    it("rejects everyone else: operators, the registrar, the admin, another disbursement's confirmer", async function () {
      const { ledger, by, admin, registrar, operator, fellowOperator, otherOperator, outsider, payee, confirmer } =
        await loadFixture(withDisbursements);
      for (const account of [admin, registrar, operator, fellowOperator, otherOperator, outsider, payee]) {
        await expect(by(account).confirmDisbursement(WITH_CONFIRMER))
          .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
          .withArgs(WITH_CONFIRMER, account.address);
      }
      for (const id of [AUDITORS_ONLY, OTHER_CONFIRMER]) {
        await expect(by(confirmer).confirmDisbursement(id))
          .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
          .withArgs(id, confirmer.address);
      }
    });

    // Keys are added later: the rule is checked again when the confirmation comes.
    it("refuses a named confirmer that has since become an operator of the paying organisation", async function () {
      const { ledger, by, registrar, auditor, confirmer } = await loadFixture(withDisbursements);
      await by(registrar).addOperator(ORG, confirmer.address);
      await expect(by(confirmer).confirmDisbursement(WITH_CONFIRMER))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
        .withArgs(WITH_CONFIRMER, confirmer.address);
      // Removed again, it stays bound to the paying organisation, so it stays refused.
      await by(registrar).removeOperator(ORG, confirmer.address);
      await expect(by(confirmer).confirmDisbursement(WITH_CONFIRMER))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
        .withArgs(WITH_CONFIRMER, confirmer.address);
      await expect(by(auditor).confirmDisbursement(WITH_CONFIRMER))
        .to.emit(ledger, "DisbursementConfirmed")
        .withArgs(WITH_CONFIRMER, auditor.address);
    });

    it("still takes a named confirmer that has since become an operator of another organisation", async function () {
      const { ledger, by, registrar, confirmer } = await loadFixture(withDisbursements);
      await by(registrar).addOperator(OTHER_ORG, confirmer.address);
      await expect(by(confirmer).confirmDisbursement(WITH_CONFIRMER))
        .to.emit(ledger, "DisbursementConfirmed")
        .withArgs(WITH_CONFIRMER, confirmer.address);
    });

    it("follows the admin's appointment and revocation of auditors", async function () {
      const { ledger, by, admin, auditor, newcomer } = await loadFixture(withDisbursements);
      await by(admin).revokeRole(AUDITOR_ROLE, auditor.address);
      await expect(by(auditor).confirmDisbursement(AUDITORS_ONLY))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
        .withArgs(AUDITORS_ONLY, auditor.address);
      await by(admin).grantRole(AUDITOR_ROLE, newcomer.address);
      await expect(by(newcomer).confirmDisbursement(AUDITORS_ONLY))
        .to.emit(ledger, "DisbursementConfirmed")
        .withArgs(AUDITORS_ONLY, newcomer.address);
    });

    it("rejects an id no record has", async function () {
      const { ledger, by, auditor } = await loadFixture(withDisbursements);
      for (const id of [0n, OTHER_CONFIRMER + 1n, 2n ** 256n - 1n]) {
        await expect(by(auditor).confirmDisbursement(id))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord")
          .withArgs(id);
      }
    });

    // Known limit, by design: the contract checks only that the record exists; the off-chain
    // mirror checks that it is a disbursement. Only an auditor can do it, as no confirmer is stored.
    it("lets an auditor confirm a record of another kind, and nobody else", async function () {
      const { ledger, by, auditor, operator } = await loadFixture(withDisbursements);
      await expect(by(operator).confirmDisbursement(R.CNY_GIFT))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedConfirmer")
        .withArgs(R.CNY_GIFT, operator.address);
      await expect(by(auditor).confirmDisbursement(R.CNY_GIFT))
        .to.emit(ledger, "DisbursementConfirmed")
        .withArgs(R.CNY_GIFT, auditor.address);
    });
  });

  describe("attestRecord", function () {
    const NOTE = "0x" + "ab".repeat(32);

    it("lets an auditor attest any existing record, more than once", async function () {
      const { ledger, by, auditor } = await loadFixture(withDisbursements);
      for (const id of [R.CNY_GIFT, AUDITORS_ONLY]) {
        await expect(by(auditor).attestRecord(id, NOTE)).to.emit(ledger, "RecordAttested").withArgs(id, auditor.address, NOTE);
      }
      await expect(by(auditor).attestRecord(R.CNY_GIFT, NOTE)).to.emit(ledger, "RecordAttested");
    });

    it("rejects an id no record has", async function () {
      const { ledger, by, auditor } = await loadFixture(withDisbursements);
      for (const id of [0n, OTHER_CONFIRMER + 1n]) {
        await expect(by(auditor).attestRecord(id, NOTE)).to.be.revertedWithCustomError(ledger, "LedgerUnknownRecord").withArgs(id);
      }
    });

    it("is for auditors only: operators, the registrar and confirmers are refused", async function () {
      const { ledger, by, registrar, operator, confirmer } = await loadFixture(withDisbursements);
      for (const who of [registrar, operator, confirmer]) {
        await expect(by(who).attestRecord(R.CNY_GIFT, NOTE))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(who.address, AUDITOR_ROLE);
      }
    });
  });
});
