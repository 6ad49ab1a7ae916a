import type { Contract, ContractTransactionReceipt, ContractTransactionResponse, Signer } from "ethers";
import type { BenchGroup, Figure } from "./types.ts";
import { FORWARD_REQUEST_TYPES } from "../../server/chain/forward-request-types.ts";

// Values as ILedger.sol's enums; realistic non-zero hashes, because calldata costs more per
// non-zero byte and the figures should match what the API will send.
const CHARITY = 0;
const FOUNDATION = 1;
const BANK = 0;
const ALIPAY = 1;
const PROGRAMME = 0;
const ATTESTED = 0;
const NATIVE = 1;
const AMOUNT = 10_000n; // 100.00 CNY in minor units
const BATCH = 100;
/** What a batched donation may cost at most; test/contracts/ledger/donations.test.ts holds the contract to it. */
const BATCH_DONATION_BUDGET = 6_000;


interface Measured {
  receipt: ContractTransactionReceipt;
  data: string;
}

async function mined(sent: Promise<ContractTransactionResponse>): Promise<Measured> {
  const tx = await sent;
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("transaction has no receipt");
  if (receipt.status !== 1) throw new Error(`transaction ${receipt.hash} reverted`);
  return { receipt, data: tx.data };
}

/** Whole-transaction gas (21,000 base and calldata included), from the receipt. */
async function gasUsed(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await mined(sent)).receipt.gasUsed;
}

/**
 * Gas the transaction used beyond its intrinsic cost (21,000 and calldata at 4 per zero byte and
 * 16 per other byte): what its execution cost. Two harness calls differing only in the rule they
 * apply carry the same arguments, but their selectors may differ in zero bytes, so rule costs are
 * differences of this. The network charges at least EIP-7623's calldata floor; a transaction
 * whose execution is too small to rise above that floor cannot be split this way, so it is refused.
 */
async function executionGas(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const { receipt, data } = await mined(sent);
  const bytes = Buffer.from(data.slice(2), "hex");
  const zeros = BigInt(bytes.filter((b) => b === 0).length);
  const others = BigInt(bytes.length) - zeros;
  const floor = 21_000n + 10n * (zeros + 4n * others);
  if (receipt.gasUsed <= floor) throw new Error(`transaction ${receipt.hash} is charged the calldata floor; its execution gas is unknown`);
  return receipt.gasUsed - 21_000n - 4n * zeros - 16n * others;
}

/**
 * Gas used by the Ledger's writes, and what each trust rule costs on its own, on the in-process
 * Hardhat network.
 *
 * Operations are whole-transaction gas from receipts. Each figure is measured in the steady
 * state of its kind unless its name says otherwise: the campaign balances, the record counter
 * and the forwarder nonce are already non-zero, so no write turns a zero slot into a non-zero
 * one except those the operation itself always creates (a grant's two entries, a pending
 * correction, an on-chain donation's refundable, a confirmation's flag). Batch figures are per item.
 *
 * Rules (`gas.rule.*`) are differences between two measured transactions that differ only by
 * the rule: the same donation sent through the forwarder and directly; otherwise, as the Ledger
 * cannot switch a rule off, the same operation with and without the rule in a harness on the
 * Ledger's storage shapes and events (contracts/mocks/TrustRulesGasHarness.sol), or in the real
 * Ledger plus a grant that skips the role check (contracts/mocks/LedgerRolesGasHarness.sol).
 * Where the rule adds a transaction (an acknowledgement, an approval), its whole cost counts.
 */
export const gas: BenchGroup = {
  name: "gas",
  summary: "gas used by Ledger writes (donations, grants, disbursements, refunds, corrections, confirmations) and by each trust rule, in-process Hardhat network",
  async run(progress) {
    progress.start(25);
    // Hardhat builds its runtime on import; load it only when this group actually runs.
    const hre = (await import("hardhat")).default;
    // Build first so the figures are those of the contract source as it is now, not stale artifacts.
    await hre.tasks.getTask("build").run({ quiet: true });
    progress.tick("build");

    const connection = await hre.network.create();
    try {
      const { ethers } = connection;
      const [admin, registrar, auditor, operator, otherOperator, donor, payee, confirmer, relayer, fresh1, fresh2] =
        await ethers.getSigners();
      const forwarder = await ethers.deployContract("LedgerForwarder");
      const forwarderAddress = await forwarder.getAddress();
      const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address, forwarderAddress]);
      const ledgerAddress = await ledger.getAddress();
      const as = (signer: Signer | undefined) => ledger.connect(signer!) as Contract;
      const [asRegistrar, asOperator, asOther, asAuditor] = [as(registrar), as(operator), as(otherOperator), as(auditor)];
      await as(admin).grantRole(await ledger.AUDITOR_ROLE(), auditor!.address);
      progress.tick("deploy");

      const cny = ethers.hexlify(ethers.toUtf8Bytes("CNY"));
      await asRegistrar.registerOrganisation(CHARITY, ethers.encodeBytes32String("91110000MA01ABCD2X"), "Bench Charity");
      await asRegistrar.registerOrganisation(FOUNDATION, ethers.encodeBytes32String("53100000500021676Q"), "Bench Foundation");
      await asRegistrar.addOperator(1n, operator!.address);
      await asRegistrar.addOperator(2n, otherOperator!.address);
      await asOperator.openCampaign(1n, ATTESTED, cny, ethers.ZeroAddress, 0n, "Bench campaign");
      await asOther.openCampaign(2n, ATTESTED, cny, ethers.ZeroAddress, 0n, "Bench grant target");
      await asOperator.openCampaign(1n, NATIVE, "0x000000", ethers.ZeroAddress, 0n, "Bench campaign (ETH)");
      progress.tick("organisations, operators, campaigns");

      const commitment = (i: number | string) => ethers.id(`tracking code DN-${i}`);
      const donation = (i: number | string) => ledger.interface.encodeFunctionData("recordDonation", [1n, AMOUNT, ALIPAY, commitment(i)]);
      const donate = (i: number) => asOperator.recordDonation(1n, AMOUNT, ALIPAY, commitment(i));
      // The ledger's very first record turns the record counter from zero to non-zero, the
      // dearest kind of storage write; it happens once per ledger, so it is extra. (A campaign's
      // first donation costs no more than the next: its balance shares a slot, already non-zero,
      // with the campaign's owner and flags.)
      const first = await gasUsed(donate(1));
      progress.tick("first donation");
      // The grant target starts non-zero too, so the acknowledgement's figure is steady state.
      await asOther.recordDonation(2n, AMOUNT, BANK, commitment("target"));
      // Steady state: both the campaign slot and the record counter already non-zero. This is
      // what nearly every donation costs, so it is the headline figure.
      const single = await gasUsed(donate(2));
      progress.tick("steady-state donation");

      const gifts = Array.from({ length: BATCH }, (_, i) => ({
        campaignId: 1n,
        amount: AMOUNT + BigInt(i),
        channel: ALIPAY,
        donorCommitment: commitment(`batch-${i}`),
      }));
      const donationBatch = await gasUsed(asOperator.recordDonations(gifts));
      progress.tick(`${BATCH} donations in one batch`);

      // The organisation signs, a relayer with no role sends. The operator's first request turns
      // its forwarder nonce from zero to non-zero, once per key; the second is the steady state.
      const forward = async (data: string) => {
        const { chainId } = await ethers.provider.getNetwork();
        const latest = await ethers.provider.getBlock("latest");
        const request = {
          from: operator!.address,
          to: ledgerAddress,
          value: 0n,
          gas: 300_000n,
          nonce: (await forwarder.nonces(operator!.address)) as bigint,
          deadline: BigInt(latest!.timestamp + 3600),
          data,
        };
        const domain = { name: "DonationLedger", version: "1", chainId, verifyingContract: forwarderAddress };
        const signature = await operator!.signTypedData(domain, FORWARD_REQUEST_TYPES, request);
        const { nonce: _nonce, ...rest } = request;
        return (forwarder.connect(relayer!) as Contract).execute({ ...rest, signature });
      };
      await gasUsed(forward(donation("forwarded-0")));
      const forwarded = await gasUsed(forward(donation("forwarded-1")));
      const direct = await gasUsed(donate(3));
      progress.tick("donation through the forwarder");

      const disbursement = (i: number) => ({
        campaignId: 1n,
        // As the API sends it: the organisation's keyed commitment (HMAC-SHA256) of the recipient's reference.
        recipientCommitment: ethers.computeHmac(
          "sha256",
          ethers.toUtf8Bytes("bench organisation key"),
          ethers.toUtf8Bytes(`SUPPLIER-${String(i).padStart(4, "0")}`),
        ),
        amount: AMOUNT / 100n,
        purpose: PROGRAMME,
        evidenceHash: ethers.sha256(ethers.toUtf8Bytes(`invoice 2025-${i}`)),
        payee: ethers.ZeroAddress,
        confirmer: ethers.ZeroAddress,
      });
      // Partial payouts, so the balance stays non-zero: draining it to zero earns a refund that
      // would flatter the figure.
      const disbursementId = await asOperator.recordDisbursement.staticCall(disbursement(0));
      const disbursed = await gasUsed(asOperator.recordDisbursement(disbursement(0)));
      progress.tick("attested disbursement");
      const disbursementBatch = await gasUsed(
        asOperator.recordDisbursements(Array.from({ length: BATCH }, (_, i) => disbursement(i + 1))),
      );
      progress.tick(`${BATCH} disbursements in one batch`);

      const memo = (i: number) => ethers.sha256(ethers.toUtf8Bytes(`grant agreement ${i}`));
      const grantId = await asOperator.makeGrant.staticCall(1n, 2n, AMOUNT / 10n, memo(7));
      const grant = await gasUsed(asOperator.makeGrant(1n, 2n, AMOUNT / 10n, memo(7)));
      progress.tick("grant");
      const acknowledgement = await gasUsed(asOther.acknowledgeGrant(grantId));
      progress.tick("grant acknowledgement");
      const refusedId = await asOperator.makeGrant.staticCall(1n, 2n, AMOUNT / 10n, memo(8));
      await asOperator.makeGrant(1n, 2n, AMOUNT / 10n, memo(8));
      const refusal = await gasUsed(asOther.refuseGrant(refusedId, ethers.sha256(ethers.toUtf8Bytes("no agreement 8"))));
      progress.tick("grant refusal");

      const reason = (what: string) => ethers.sha256(ethers.toUtf8Bytes(what));
      const refund = await gasUsed(asOperator.refundDonation(1n, 1n, AMOUNT / 10n, reason("refund request 7")));
      progress.tick("attested refund");
      const negative = await gasUsed(asOperator.correctRecord(1n, 1n, -(AMOUNT / 10n), reason("bank statement 7")));
      progress.tick("negative correction");
      const correctionId = await asOperator.correctRecord.staticCall(1n, 1n, AMOUNT / 10n, reason("bank statement 8"));
      const positive = await gasUsed(asOperator.correctRecord(1n, 1n, AMOUNT / 10n, reason("bank statement 8")));
      const approval = await gasUsed(asAuditor.approveCorrection(correctionId));
      progress.tick("positive correction and approval");
      // An auditor confirming a disbursement that named no confirmer: the common case, and the
      // dearer one, as the confirmation's slot goes from zero to non-zero.
      const confirmation = await gasUsed(asAuditor.confirmDisbursement(disbursementId));
      progress.tick("confirmation");

      const asDonor = as(donor);
      await asDonor.donateNative(3n, commitment("n0"), { value: ethers.parseEther("1") });
      const nativeDonation = await gasUsed(asDonor.donateNative(3n, commitment("n1"), { value: ethers.parseEther("0.5") }));
      progress.tick("native donation");
      // To an account that already exists, as a supplier's would: a fresh one costs 25,000 more.
      const nativeDisbursement = await gasUsed(
        asOperator.recordDisbursement({ ...disbursement(999), campaignId: 3n, amount: ethers.parseEther("0.1"), payee: payee!.address }),
      );
      progress.tick("native disbursement");

      // ---------------------------------------------------------------- the rules on their own
      const harness = await ethers.deployContract("TrustRulesGasHarness", [forwarderAddress]);
      const h = (signer: Signer | undefined) => harness.connect(signer!) as Contract;
      await harness.bind(operator!.address, 1n);
      await harness.bind(otherOperator!.address, 2n);
      await harness.appointAuditor(auditor!.address);
      await harness.openCampaign(1n, 1n, 1_000_000n);
      await harness.openCampaign(2n, 2n, 1_000_000n);
      progress.tick("rule harness");

      const guarded = await executionGas(h(operator).touch(true));
      const unguarded = await executionGas(h(operator).touch(false));
      progress.tick("re-entrancy guard");

      // The context check on a direct call (the caller is no forwarder). Both write the value
      // already stored, so neither pays for changing it.
      await h(operator).storeSender(false);
      const viaContext = await executionGas(h(operator).storeSender(true));
      const plainSender = await executionGas(h(operator).storeSender(false));
      progress.tick("ERC-2771 context");

      const event = [12_345n, 1n, commitment("event"), AMOUNT, ALIPAY, 9_876_543n] as const;
      const withBy = await executionGas(h(operator).emitDonation(0, ...event));
      const withoutBy = await executionGas(h(operator).emitDonation(1, ...event));
      const unindexed = await executionGas(h(operator).emitDonation(2, ...event));
      progress.tick("event shapes");

      // A disbursement naming an outside confirmer, then that confirmer confirming, with and without the check.
      const named = await executionGas(h(operator).nameConfirmer(true, 1n, confirmer!.address, 1n));
      const namedUnchecked = await executionGas(h(operator).nameConfirmer(false, 2n, confirmer!.address, 1n));
      const confirmed = await executionGas(h(confirmer).confirm(true, 1n));
      const confirmedUnchecked = await executionGas(h(confirmer).confirm(false, 2n));
      progress.tick("confirmer check");

      const hGrant = [1n, 2n, AMOUNT / 10n, memo(9)] as const;
      const credited = await executionGas(h(operator).grant(false, ...hGrant));
      const pendingId = await h(operator).grant.staticCall(true, ...hGrant);
      const pending = await executionGas(h(operator).grant(true, ...hGrant));
      const acknowledged = await gasUsed(h(otherOperator).acknowledge(pendingId));
      progress.tick("grant acknowledgement rule");

      const hCorrection = [2n, 1n, AMOUNT / 10n, reason("bank statement 9")] as const;
      const correctedAtOnce = await executionGas(h(operator).correct(false, ...hCorrection));
      const pendingCorrectionId = await h(operator).correct.staticCall(true, ...hCorrection);
      const correctionPending = await executionGas(h(operator).correct(true, ...hCorrection));
      const approved = await gasUsed(h(auditor).approve(pendingCorrectionId));
      progress.tick("correction approval rule");

      const roles = await ethers.deployContract("LedgerRolesGasHarness", [admin!.address, registrar!.address, forwarderAddress]);
      const auditorRole = await roles.AUDITOR_ROLE();
      const asAdmin = roles.connect(admin!) as Contract;
      const checkedGrant = await executionGas(asAdmin.grantRoleMeasured(true, auditorRole, fresh1!.address));
      const uncheckedGrant = await executionGas(asAdmin.grantRoleMeasured(false, auditorRole, fresh2!.address));
      progress.tick("one role per address");

      const perItem = (total: bigint) => Math.round(Number(total) / BATCH);
      const batchDonation = perItem(donationBatch);
      if (batchDonation > BATCH_DONATION_BUDGET) {
        throw new Error(`a batched donation costs ${batchDonation} gas, over its budget of ${BATCH_DONATION_BUDGET}`);
      }
      const n = (value: bigint) => Number(value);
      const figures: Figure[] = [
        { name: "gas.donation.single", value: n(single), unit: "gas" },
        { name: "gas.donation.first", value: n(first), unit: "gas" },
        { name: "gas.donation.batch100", value: batchDonation, unit: "gas/donation" },
        { name: "gas.donation.native", value: n(nativeDonation), unit: "gas" },
        { name: "gas.donation.forwarded", value: n(forwarded), unit: "gas" },
        { name: "gas.disbursement.single", value: n(disbursed), unit: "gas" },
        { name: "gas.disbursement.batch100", value: perItem(disbursementBatch), unit: "gas/disbursement" },
        { name: "gas.disbursement.native", value: n(nativeDisbursement), unit: "gas" },
        { name: "gas.grant.single", value: n(grant), unit: "gas" },
        { name: "gas.grant.acknowledgement", value: n(acknowledgement), unit: "gas" },
        { name: "gas.grant.refusal", value: n(refusal), unit: "gas" },
        { name: "gas.refund.single", value: n(refund), unit: "gas" },
        { name: "gas.correction.negative", value: n(negative), unit: "gas" },
        { name: "gas.correction.positive", value: n(positive), unit: "gas" },
        { name: "gas.correction.approval", value: n(approval), unit: "gas" },
        { name: "gas.confirmation.single", value: n(confirmation), unit: "gas" },
        // Each trust rule on its own.
        { name: "gas.rule.reentrancyGuard", value: n(guarded - unguarded), unit: "gas/write" },
        { name: "gas.rule.trustedForwarderContext", value: n(viaContext - plainSender), unit: "gas/_msgSender" },
        { name: "gas.rule.authorisingKeyInEvent", value: n(withBy - withoutBy), unit: "gas/event" },
        { name: "gas.rule.indexedDonorCommitment", value: n(withBy - unindexed), unit: "gas/donation" },
        { name: "gas.rule.confirmerNotOperator", value: n(named - namedUnchecked), unit: "gas/disbursement naming a confirmer" },
        { name: "gas.rule.confirmerNotOperator.recheck", value: n(confirmed - confirmedUnchecked), unit: "gas/confirmation by the named confirmer" },
        { name: "gas.rule.grantAcknowledgement", value: n(pending - credited + acknowledged), unit: "gas/grant" },
        { name: "gas.rule.correctionApproval", value: n(correctionPending - correctedAtOnce + approved), unit: "gas/positive correction" },
        { name: "gas.rule.oneRolePerAddress", value: n(checkedGrant - uncheckedGrant), unit: "gas/role granted" },
        { name: "gas.rule.viaForwarder", value: n(forwarded - direct), unit: "gas/donation" },
      ];
      return figures;
    } finally {
      await connection.close();
    }
  },
};
