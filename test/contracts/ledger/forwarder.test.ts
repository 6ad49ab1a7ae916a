import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import type { Contract } from "ethers";
import {
  Asset,
  C,
  Channel,
  CNY,
  disbursement,
  DONOR,
  ethers,
  FUNDED,
  FUNDED_RECORDS,
  loadFixture,
  MEMO,
  networkHelpers,
  ORG,
  R,
  REASON,
  signForwardRequest,
  TARGET,
  type Signer,
  withFunds,
} from "./fixtures.ts";

// ERC-2771: an organisation that keeps its own key signs each write as an EIP-712 request and
// any relayer sends it through LedgerForwarder. The ledger sees the signer, never the relayer:
// the relayer's key alone writes nothing, and every event names the signer as `by`.

const NEXT = FUNDED_RECORDS + 1n;

/** Calldata for `method(...args)` on the ledger. */
const call = (ledger: Contract, method: string, args: unknown[]) => ledger.interface.encodeFunctionData(method, args);

/** The ledger event of a receipt, decoded (the forwarder's own event is skipped). */
function ledgerEvents(ledger: Contract, logs: readonly { address: string; topics: readonly string[]; data: string }[]) {
  const address = (ledger.target as string).toLowerCase();
  return logs.filter((log) => log.address.toLowerCase() === address).map((log) => ledger.interface.parseLog(log)!);
}

describe("Ledger: ERC-2771 forwarder", function () {
  describe("a signed request sent by a relayer", function () {
    it("writes the record as the operator who signed it: `by` is the operator, not the relayer", async function () {
      const { ledger, forwarder, by, operator, relayer } = await loadFixture(withFunds);
      expect(await ledger.isOperator(ORG, relayer.address)).to.equal(false);
      const request = await signForwardRequest(forwarder, ledger, operator, call(ledger, "recordDonation", [C.CNY, 250n, Channel.Bank, DONOR]));
      const tx = (forwarder.connect(relayer) as Contract).execute(request);
      await expect(tx)
        .to.emit(ledger, "DonationRecorded")
        .withArgs(NEXT, C.CNY, DONOR, 250n, Channel.Bank, FUNDED + 250n, operator.address);
      await expect(tx).to.emit(forwarder, "ExecutedForwardRequest").withArgs(operator.address, 0n, true);
      // The relayer pays for the transaction; the operator spends nothing.
      await expect(tx).to.changeEtherBalances(ethers, [operator], [0n]);
      expect(await forwarder.nonces(operator.address)).to.equal(1n);
      expect(await ledger.recordCount()).to.equal(NEXT);
      // The same write sent directly by the relayer is refused.
      await expect(by(relayer).recordDonation(C.CNY, 250n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, relayer.address);
    });

    it("names the signer as `by` for every kind of write", async function () {
      const f = await loadFixture(withFunds);
      const { ledger, forwarder, operator, otherOperator, auditor, confirmer, donor, relayer } = f;
      const asRelayer = forwarder.connect(relayer) as Contract;
      const writes: [string, Signer, string, unknown[], bigint?][] = [
        ["CampaignOpened", operator, "openCampaign", [ORG, Asset.Attested, CNY, ethers.ZeroAddress, 0n, "Spring"]],
        ["DonationRecorded", operator, "recordDonations", [[{ campaignId: C.CNY, amount: 1n, channel: Channel.Cash, donorCommitment: DONOR }]]],
        ["DonationRecorded", donor, "donateNative", [C.NATIVE, DONOR], 7n],
        ["GrantMade", operator, "makeGrant", [C.CNY, C.OTHER_CNY, 10n, MEMO]], // NEXT + 2
        ["GrantAcknowledged", otherOperator, "acknowledgeGrant", [NEXT + 2n]],
        ["GrantMade", operator, "makeGrant", [C.CNY, C.OTHER_CNY, 10n, MEMO]], // NEXT + 4
        ["GrantRefused", operator, "refuseGrant", [NEXT + 4n, REASON]],
        ["DisbursementRecorded", operator, "recordDisbursement", [disbursement(C.CNY, 1n, { confirmer: confirmer.address })]], // NEXT + 6
        ["DisbursementRecorded", operator, "recordDisbursements", [[disbursement(C.NATIVE, 1n, { payee: confirmer.address })]]],
        ["DonationRefunded", operator, "refundDonation", [R.CNY_GIFT, C.CNY, 1n, REASON]],
        ["RecordCorrected", operator, "correctRecord", [R.CNY_GIFT, C.CNY, 1n, REASON]], // NEXT + 9
        ["CorrectionApproved", auditor, "approveCorrection", [NEXT + 9n]],
        ["DisbursementConfirmed", confirmer, "confirmDisbursement", [NEXT + 6n]],
        ["RecordAttested", auditor, "attestRecord", [R.CNY_GIFT, MEMO]],
        ["CampaignTargetChanged", operator, "setCampaignTarget", [C.CNY, TARGET]],
        ["DisclosurePublished", operator, "publishDisclosure", [C.CNY, 0n, 1n, MEMO, false]],
        ["CampaignClosed", operator, "closeCampaign", [C.CNY]],
      ];
      for (const [eventName, signer, method, args, value] of writes) {
        const request = await signForwardRequest(forwarder, ledger, signer, call(ledger, method, args), { value: value ?? 0n });
        const receipt = await (await asRelayer.execute(request, { value: value ?? 0n })).wait();
        const [event, ...more] = ledgerEvents(ledger, receipt!.logs);
        expect(more, method).to.be.empty;
        expect(event!.name, method).to.equal(eventName);
        expect(event!.args.by, method).to.equal(signer.address);
      }
    });

    it("pays an on-chain refund back to the donor who signed the gift, not to its relayer", async function () {
      const { ledger, forwarder, by, operator, donor, relayer } = await loadFixture(withFunds);
      const request = await signForwardRequest(forwarder, ledger, donor, call(ledger, "donateNative", [C.NATIVE, DONOR]), { value: 1_000n });
      await (forwarder.connect(relayer) as Contract).execute(request, { value: 1_000n });
      await expect(by(operator).refundDonation(NEXT, C.NATIVE, 1_000n, REASON)).to.changeEtherBalances(
        ethers,
        [donor, relayer],
        [1_000n, 0n],
      );
    });
  });

  describe("refusals", function () {
    // OpenZeppelin's forwarder does not bubble the target's revert data: `execute` reports a
    // failed call as FailedCall(), and keeps the nonce. The ledger's own reason is read by making
    // the very call the forwarder makes.
    it("refuses a request signed by a non-operator: the ledger sees the signer, which operates nothing", async function () {
      const { ledger, forwarder, outsider, relayer } = await loadFixture(withFunds);
      const data = call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]);
      const request = await signForwardRequest(forwarder, ledger, outsider, data);
      await expect((forwarder.connect(relayer) as Contract).execute(request)).to.be.revertedWithCustomError(forwarder, "FailedCall");
      const forwarded = ethers.provider.call({
        from: await forwarder.getAddress(),
        to: await ledger.getAddress(),
        data: ethers.concat([data, outsider.address]),
      });
      await expect(forwarded).to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator").withArgs(ORG, outsider.address);
      expect(await forwarder.nonces(outsider.address)).to.equal(0n);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
    });

    it("refuses a request claiming to be the operator's but signed by another key", async function () {
      const { ledger, forwarder, operator, outsider, relayer } = await loadFixture(withFunds);
      const forged = await signForwardRequest(forwarder, ledger, outsider, call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]), {
        from: operator.address,
      });
      await expect((forwarder.connect(relayer) as Contract).execute(forged))
        .to.be.revertedWithCustomError(forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(outsider.address, operator.address);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
    });

    it("refuses a request altered after signing", async function () {
      const { ledger, forwarder, operator, relayer } = await loadFixture(withFunds);
      const signed = await signForwardRequest(forwarder, ledger, operator, call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]));
      const altered = { ...signed, data: call(ledger, "recordDonation", [C.CNY, 1_000_000n, Channel.Bank, DONOR]) };
      await expect((forwarder.connect(relayer) as Contract).execute(altered))
        .to.be.revertedWithCustomError(forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, operator.address);
    });

    it("refuses the relayer writing directly, even with an operator's address appended to the calldata", async function () {
      const { ledger, by, operator, relayer } = await loadFixture(withFunds);
      await expect(by(relayer).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator")
        .withArgs(ORG, relayer.address);
      const spoofed = relayer.sendTransaction({
        to: await ledger.getAddress(),
        data: ethers.concat([call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]), operator.address]),
      });
      await expect(spoofed).to.be.revertedWithCustomError(ledger, "LedgerUnauthorizedOperator").withArgs(ORG, relayer.address);
    });

    it("refuses a replayed request: its nonce is spent", async function () {
      const { ledger, forwarder, operator, relayer } = await loadFixture(withFunds);
      const request = await signForwardRequest(forwarder, ledger, operator, call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]));
      const asRelayer = forwarder.connect(relayer) as Contract;
      await asRelayer.execute(request);
      // Checked against the next nonce, the old signature recovers to some other address.
      await expect(asRelayer.execute(request))
        .to.be.revertedWithCustomError(forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, operator.address);
      expect(await forwarder.verify(request)).to.equal(false);
      expect(await ledger.recordCount()).to.equal(NEXT);
    });

    it("refuses a request past its deadline", async function () {
      const { ledger, forwarder, operator, relayer } = await loadFixture(withFunds);
      const latest = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const request = await signForwardRequest(forwarder, ledger, operator, call(ledger, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]), {
        deadline: latest + 60n,
      });
      expect(await forwarder.verify(request)).to.equal(true);
      await networkHelpers.time.increase(61);
      await expect((forwarder.connect(relayer) as Contract).execute(request))
        .to.be.revertedWithCustomError(forwarder, "ERC2771ForwarderExpiredRequest")
        .withArgs(latest + 60n);
      expect(await ledger.recordCount()).to.equal(FUNDED_RECORDS);
    });

    it("refuses a relayer sending other value than the donor signed", async function () {
      const { ledger, forwarder, donor, relayer } = await loadFixture(withFunds);
      const request = await signForwardRequest(forwarder, ledger, donor, call(ledger, "donateNative", [C.NATIVE, DONOR]), { value: 1_000n });
      await expect((forwarder.connect(relayer) as Contract).execute(request, { value: 1n }))
        .to.be.revertedWithCustomError(forwarder, "ERC2771ForwarderMismatchedValue")
        .withArgs(1_000n, 1n);
    });

    it("is not trusted by a ledger deployed with another forwarder", async function () {
      const { forwarder, admin, registrar, operator, relayer } = await loadFixture(withFunds);
      const other = await ethers.deployContract("Ledger", [admin.address, registrar.address, ethers.ZeroAddress]);
      const request = await signForwardRequest(forwarder, other, operator, call(other, "recordDonation", [C.CNY, 1n, Channel.Bank, DONOR]));
      await expect((forwarder.connect(relayer) as Contract).execute(request))
        .to.be.revertedWithCustomError(forwarder, "ERC2771UntrustfulTarget")
        .withArgs(await other.getAddress(), await forwarder.getAddress());
    });
  });
});
