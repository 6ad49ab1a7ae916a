import type { Contract, ContractTransactionResponse } from "ethers";
import type { BenchGroup, Figure } from "./types.ts";

// Values as ILedger.sol's enums; realistic non-zero hashes, because calldata costs more per
// non-zero byte and the figures should match what the API will send.
const CHARITY = 0;
const BANK = 0;
const PROGRAMME = 0;
const AMOUNT = 10_000n; // 100.00 CNY in minor units

async function gasUsed(sent: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await sent).wait();
  if (receipt === null) throw new Error("transaction has no receipt");
  return Number(receipt.gasUsed);
}

/** Whole-transaction gas (21,000 base and calldata included) of the Ledger's writes, from receipts. */
export const gas: BenchGroup = {
  name: "gas",
  summary: "gas used by Ledger donations and disbursements, on an in-process Hardhat network",
  async run(progress) {
    progress.start(6);
    // Hardhat builds its runtime on import; load it only when this group actually runs.
    const hre = (await import("hardhat")).default;
    // Build first so the figures are those of the contract source as it is now, not stale artifacts.
    await hre.tasks.getTask("build").run({ quiet: true });
    progress.tick("build");

    const connection = await hre.network.create();
    try {
      const { ethers } = connection;
      const [admin, registrar, operator] = await ethers.getSigners();
      const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address]);
      const asRegistrar = ledger.connect(registrar!) as Contract;
      const asOperator = ledger.connect(operator!) as Contract;
      progress.tick("deploy");

      await asRegistrar.registerOrganisation(CHARITY, ethers.encodeBytes32String("91110000MA01ABCD2X"), "Bench Charity");
      await asRegistrar.addOperator(1n, operator!.address);
      await asOperator.openCampaign(1n, ethers.hexlify(ethers.toUtf8Bytes("CNY")), 0n, "Bench campaign");
      progress.tick("organisation, operator, campaign");

      const donate = (donor: string) => asOperator.recordDonation(1n, AMOUNT, BANK, ethers.id(donor));
      // The first donation also turns the record counter and the campaign balance from zero to
      // non-zero, the dearest kind of storage write; it happens once per campaign, so it is extra.
      const first = await gasUsed(donate("donor-1"));
      progress.tick("first donation");
      // Steady state: the second donation into the campaign, both slots already non-zero. This is
      // what nearly every donation costs, so it is the headline figure.
      const single = await gasUsed(donate("donor-2"));
      progress.tick("steady-state donation");
      // A partial payout, so the balance stays non-zero: draining it to zero earns a refund that
      // would flatter the figure.
      const disbursement = await gasUsed(
        asOperator.recordDisbursement(1n, ethers.id("supplier-7"), AMOUNT / 2n, PROGRAMME, ethers.id("invoice-1")),
      );
      progress.tick("disbursement");

      const figures: Figure[] = [
        { name: "gas.donation.single", value: single, unit: "gas" },
        { name: "gas.donation.first", value: first, unit: "gas" },
        { name: "gas.disbursement.single", value: disbursement, unit: "gas" },
      ];
      return figures;
    } finally {
      await connection.close();
    }
  },
};
