import { expect } from "chai";
import type { ContractTransactionReceipt } from "ethers";
import { operatorOnlyContext, shouldBehaveLikeOperatorOnly } from "./access.behavior.ts";
import {
  C,
  disbursement,
  disbursementArgs,
  ethers,
  EVIDENCE,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  ORG,
  OTHER_ORG,
  Purpose,
  RECIPIENT,
  UNKNOWN,
  withFunds,
} from "./fixtures.ts";

const NEXT = FUNDED_RECORDS + 1n;

describe("Ledger: disbursements (attested)", function () {
  describe("recordDisbursement", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).recordDisbursement(disbursement(C.CNY, 1n)));
    });

    it("emits DisbursementRecorded with every fact and the balance left, and moves no value", async function () {
      const { ledger, by, operator, confirmer } = await loadFixture(withFunds);
      const d = disbursement(C.CNY, 300n, { purpose: Purpose.Administration, confirmer: confirmer.address });
      expect(await by(operator).recordDisbursement.staticCall(d)).to.equal(NEXT);
      const tx = by(operator).recordDisbursement(d);
      await expect(tx)
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(NEXT, C.CNY, RECIPIENT, 300n, Purpose.Administration, EVIDENCE, ethers.ZeroAddress, confirmer.address, FUNDED - 300n, operator.address);
      await expect(tx).to.changeEtherBalances(ethers, [ledger, confirmer], [0n, 0n]);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED - 300n);
      expect(await ledger.recordCount()).to.equal(NEXT);
    });

    it("accepts every purpose and may drain the campaign to zero", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const parts = [Purpose.Programme, Purpose.Administration, Purpose.Fundraising];
      let left = FUNDED;
      for (const [i, purpose] of parts.entries()) {
        const amount = i === parts.length - 1 ? left : 1_000n;
        left -= amount;
        const d = disbursement(C.CNY, amount, { purpose });
        await expect(by(operator).recordDisbursement(d))
          .to.emit(ledger, "DisbursementRecorded")
          .withArgs(...disbursementArgs(NEXT + BigInt(i), d, left, operator));
      }
      expect((await ledger.campaign(C.CNY)).balance).to.equal(0n);
    });

    it("rejects a purpose outside the enum in the ABI decoder", async function () {
      const { by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, 1n, { purpose: 3n }))).to.be.revertedWithoutReason(ethers);
    });

    it("rejects a zero amount and more than the campaign holds", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, 0n)))
        .to.be.revertedWithCustomError(ledger, "LedgerZeroAmount")
        .withArgs(C.CNY);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, FUNDED + 1n)))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, FUNDED, FUNDED + 1n);
    });

    it("rejects an unknown campaign", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      for (const id of [0n, UNKNOWN]) {
        await expect(by(operator).recordDisbursement(disbursement(id, 1n)))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownCampaign")
          .withArgs(id);
      }
    });

    // Attested money leaves off-chain; a payee would suggest the contract paid it.
    it("rejects a payee for an attested campaign", async function () {
      const { ledger, by, operator, payee } = await loadFixture(withFunds);
      for (const account of [payee.address, await ledger.getAddress()]) {
        await expect(by(operator).recordDisbursement(disbursement(C.CNY, 1n, { payee: account })))
          .to.be.revertedWithCustomError(ledger, "LedgerInvalidPayee")
          .withArgs(C.CNY, account);
      }
    });
  });

  describe("recipient commitment", function () {
    // The recipient's reference (a supplier code, a beneficiary number) stays off-chain; the chain
    // carries only the organisation's keyed commitment of it, exactly as sent.
    it("is named recipientCommitment in the input and the event", async function () {
      const { ledger } = await loadFixture(withFunds);
      const input = ledger.interface.getFunction("recordDisbursement")!.inputs[0]!;
      expect(input.components!.map((c) => c.name)).to.include("recipientCommitment").and.not.include("recipientRef");
      const event = ledger.interface.getEvent("DisbursementRecorded")!;
      expect(event.inputs.map((i) => i.name)).to.include("recipientCommitment").and.not.include("recipientRef");
    });

    it("passes every bit of the commitment through unchanged, single and batched", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const key = ethers.toUtf8Bytes("org-1 recipient key");
      const commitments = [
        RECIPIENT,
        ethers.computeHmac("sha256", key, ethers.toUtf8Bytes("BENEFICIARY-000042")),
        "0x" + "ff".repeat(32), // every bit set
        "0x80" + "00".repeat(30) + "01", // the highest and lowest bits only
        ethers.ZeroHash,
      ];
      const [first, ...rest] = commitments.map((c) => disbursement(C.CNY, 1n, { recipientCommitment: c }));
      await expect(by(operator).recordDisbursement(first!))
        .to.emit(ledger, "DisbursementRecorded")
        .withArgs(...disbursementArgs(NEXT, first!, FUNDED - 1n, operator));
      const receipt: ContractTransactionReceipt | null = await (await by(operator).recordDisbursements(rest)).wait();
      const logged = receipt!.logs.map((log) => ledger.interface.parseLog(log)!.args.recipientCommitment as string);
      expect(logged).to.deep.equal(commitments.slice(1));
    });
  });

  describe("confirmer", function () {
    // An organisation may not sign for its own delivery: neither the operator writing the
    // disbursement nor any other key of the paying organisation, current or removed.
    it("may not be the operator recording the disbursement", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, 1n, { confirmer: operator.address })))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidConfirmer")
        .withArgs(C.CNY, operator.address);
    });

    it("may not be a fellow operator of the paying organisation, even a removed one", async function () {
      const { ledger, by, registrar, operator, fellowOperator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, 1n, { confirmer: fellowOperator.address })))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidConfirmer")
        .withArgs(C.CNY, fellowOperator.address);
      await by(registrar).removeOperator(ORG, fellowOperator.address);
      await expect(by(operator).recordDisbursement(disbursement(C.CNY, 1n, { confirmer: fellowOperator.address })))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidConfirmer")
        .withArgs(C.CNY, fellowOperator.address);
    });

    it("rejects the whole batch when one item names an operator of the paying organisation", async function () {
      const { ledger, by, operator, fellowOperator, confirmer } = await loadFixture(withFunds);
      const batch = [
        disbursement(C.CNY, 1n, { confirmer: confirmer.address }),
        disbursement(C.NATIVE, 1n, { payee: confirmer.address, confirmer: fellowOperator.address }),
      ];
      await expect(by(operator).recordDisbursements(batch))
        .to.be.revertedWithCustomError(ledger, "LedgerInvalidConfirmer")
        .withArgs(C.NATIVE, fellowOperator.address);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
    });

    it("may be anyone outside the paying organisation: an operator of another, an auditor, the payee", async function () {
      const { ledger, by, operator, otherOperator, auditor, payee } = await loadFixture(withFunds);
      for (const [i, account] of [otherOperator, auditor, payee].entries()) {
        const d = disbursement(C.CNY, 1n, { confirmer: account.address });
        await expect(by(operator).recordDisbursement(d))
          .to.emit(ledger, "DisbursementRecorded")
          .withArgs(...disbursementArgs(NEXT + BigInt(i), d, FUNDED - 1n - BigInt(i), operator));
      }
    });
  });

  describe("recordDisbursements", function () {
    shouldBehaveLikeOperatorOnly(async () => {
      const f = await loadFixture(withFunds);
      return operatorOnlyContext(f, (from) => f.by(from).recordDisbursements([disbursement(C.CNY, 1n)]));
    });

    it("gives consecutive ids and running balances, one event each", async function () {
      const { ledger, by, operator, confirmer } = await loadFixture(withFunds);
      const batch = [
        disbursement(C.CNY, 100n),
        disbursement(C.CNY, 200n, { recipientCommitment: ethers.id("beneficiary-0042"), confirmer: confirmer.address }),
        disbursement(C.CNY, 300n, { purpose: Purpose.Fundraising, evidenceHash: ethers.sha256("0x01") }),
      ];
      expect(await by(operator).recordDisbursements.staticCall(batch)).to.equal(NEXT);
      const tx = by(operator).recordDisbursements(batch);
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT, batch[0]!, FUNDED - 100n, operator));
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 1n, batch[1]!, FUNDED - 300n, operator));
      await expect(tx).to.emit(ledger, "DisbursementRecorded").withArgs(...disbursementArgs(NEXT + 2n, batch[2]!, FUNDED - 600n, operator));
      expect(await ledger.recordCount()).to.equal(NEXT + 2n);
    });

    it("rejects an empty batch", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursements([]))
        .to.be.revertedWithCustomError(ledger, "LedgerEmptyBatch")
        .withArgs(0n);
    });

    it("records all or nothing: an item overdrawing the running balance rejects the batch", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      const batch = [disbursement(C.CNY, FUNDED - 10n), disbursement(C.CNY, 11n)];
      await expect(by(operator).recordDisbursements(batch))
        .to.be.revertedWithCustomError(ledger, "LedgerInsufficientBalance")
        .withArgs(C.CNY, 10n, 11n);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
      expect((await ledger.campaign(C.CNY)).balance).to.equal(FUNDED);
    });

    it("checks the caller for every item", async function () {
      const { ledger, by, operator } = await loadFixture(withFunds);
      await expect(by(operator).recordDisbursements([disbursement(C.CNY, 1n), disbursement(C.OTHER_CNY, 1n)]))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(OTHER_ORG, operator.address);
    });
  });
});
