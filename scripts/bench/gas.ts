import type { Contract, ContractTransactionResponse, Signer } from "ethers";
import type { BenchGroup, Figure } from "./types.ts";

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

async function gasUsed(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await sent).wait();
  if (receipt === null) throw new Error("transaction has no receipt");
  if (receipt.status !== 1) throw new Error(`transaction ${receipt.hash} reverted`);
  return receipt.gasUsed;
}

/**
 * Whole-transaction gas (21,000 base and calldata included) of the Ledger's writes, from receipts.
 * Each figure is measured in the steady state of its kind unless its name says otherwise: the
 * campaign balances and the record counter are already non-zero, so no write turns a zero slot
 * into a non-zero one except those the operation itself always creates (a grant's entry, an
 * on-chain donation's refundable, a confirmation's flag). Batch figures are per item.
 */
export const gas: BenchGroup = {
  name: "gas",
  summary: "gas used by Ledger writes (donations, grants, disbursements, refunds, confirmations), in-process Hardhat network",
  async run(progress) {
    progress.start(13);
    // Hardhat builds its runtime on import; load it only when this group actually runs.
    const hre = (await import("hardhat")).default;
    // Build first so the figures are those of the contract source as it is now, not stale artifacts.
    await hre.tasks.getTask("build").run({ quiet: true });
    progress.tick("build");

    const connection = await hre.network.create();
    try {
      const { ethers } = connection;
      const [admin, registrar, auditor, operator, otherOperator, donor, payee] = await ethers.getSigners();
      const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address]);
      const as = (signer: Signer | undefined) => ledger.connect(signer!) as Contract;
      const [asRegistrar, asOperator, asOther] = [as(registrar), as(operator), as(otherOperator)];
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

      const donate = (i: number) => asOperator.recordDonation(1n, AMOUNT, ALIPAY, ethers.id(`salt-${i}|donor-${i}`));
      // The ledger's very first record turns the record counter from zero to non-zero, the
      // dearest kind of storage write; it happens once per ledger, so it is extra. (A campaign's
      // first donation costs no more than the next: its balance shares a slot, already non-zero,
      // with the campaign's owner and flags.)
      const first = await gasUsed(donate(1));
      progress.tick("first donation");
      // The grant target starts non-zero too, so the grant's figure is steady state.
      await asOther.recordDonation(2n, AMOUNT, BANK, ethers.id("salt-2|donor-0"));
      // Steady state: both the campaign slot and the record counter already non-zero. This is
      // what nearly every donation costs, so it is the headline figure.
      const single = await gasUsed(donate(2));
      progress.tick("steady-state donation");

      const gifts = Array.from({ length: BATCH }, (_, i) => ({
        campaignId: 1n,
        amount: AMOUNT + BigInt(i),
        channel: ALIPAY,
        donorCommitment: ethers.id(`salt-${i}|batch-donor-${i}`),
      }));
      const donationBatch = await gasUsed(asOperator.recordDonations(gifts));
      progress.tick(`${BATCH} donations in one batch`);

      const disbursement = (i: number) => ({
        campaignId: 1n,
        // As the API sends it: a short pseudonymous reference, right-padded ASCII in a bytes32.
        recipientRef: ethers.encodeBytes32String(`SUPPLIER-${String(i).padStart(4, "0")}`),
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

      const grant = await gasUsed(asOperator.makeGrant(1n, 2n, AMOUNT / 10n, ethers.sha256(ethers.toUtf8Bytes("grant agreement 7"))));
      progress.tick("grant");
      const refund = await gasUsed(asOperator.refundDonation(1n, 1n, AMOUNT / 10n, ethers.sha256(ethers.toUtf8Bytes("refund request 7"))));
      progress.tick("attested refund");
      // An auditor confirming a disbursement that named no confirmer: the common case, and the
      // dearer one, as the confirmation's slot goes from zero to non-zero.
      const confirmation = await gasUsed(as(auditor).confirmDisbursement(disbursementId));
      progress.tick("confirmation");

      const asDonor = as(donor);
      await asDonor.donateNative(3n, ethers.id("salt-n0|donor-n0"), { value: ethers.parseEther("1") });
      const nativeDonation = await gasUsed(asDonor.donateNative(3n, ethers.id("salt-n1|donor-n1"), { value: ethers.parseEther("0.5") }));
      progress.tick("native donation");
      // To an account that already exists, as a supplier's would: a fresh one costs 25,000 more.
      const nativeDisbursement = await gasUsed(
        asOperator.recordDisbursement({ ...disbursement(999), campaignId: 3n, amount: ethers.parseEther("0.1"), payee: payee!.address }),
      );
      progress.tick("native disbursement");

      const perItem = (total: bigint) => Math.round(Number(total) / BATCH);
      const figures: Figure[] = [
        { name: "gas.donation.single", value: Number(single), unit: "gas" },
        { name: "gas.donation.first", value: Number(first), unit: "gas" },
        { name: "gas.donation.batch100", value: perItem(donationBatch), unit: "gas/donation" },
        { name: "gas.donation.native", value: Number(nativeDonation), unit: "gas" },
        { name: "gas.grant.single", value: Number(grant), unit: "gas" },
        { name: "gas.disbursement.single", value: Number(disbursed), unit: "gas" },
        { name: "gas.disbursement.batch100", value: perItem(disbursementBatch), unit: "gas/disbursement" },
        { name: "gas.disbursement.native", value: Number(nativeDisbursement), unit: "gas" },
        { name: "gas.refund.single", value: Number(refund), unit: "gas" },
        { name: "gas.confirmation.single", value: Number(confirmation), unit: "gas" },
      ];
      return figures;
    } finally {
      await connection.close();
    }
  },
};
