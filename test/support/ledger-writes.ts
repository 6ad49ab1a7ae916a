import { Contract, Wallet, type ContractTransactionReceipt, type Signer } from "ethers";
import { devAccount } from "../../server/chain/dev-accounts.ts";
import { ledgerAdmin } from "../../server/chain/ledger-admin.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { onboardOrganisation } from "../../server/services/onboard-organisation.ts";
import type { TestSystem } from "./system.ts";

/**
 * Writes straight to the test system's ledger contract, as an organisation's own key (or an
 * auditor's) would, for journeys built by hand: `send` waits for the receipt, `recordOf` reads the
 * record id the ledger's event gave it.
 */
export function ledgerWrites(t: TestSystem) {
  const abi = loadLedgerArtifact().abi;
  const { ledgerAddress, provider } = t.system;
  return {
    abi,
    /** The ledger as `signer` sees it. */
    as: (signer: Signer) => new Contract(ledgerAddress, abi, signer),
    /** A funded development account as a wallet on the test chain. */
    devWallet: (index: number) => new Wallet(devAccount(index, provider).privateKey, provider),
    send: async (contract: Contract, method: string, ...args: unknown[]) =>
      (await (await contract.getFunction(method)(...args)).wait()) as ContractTransactionReceipt,
    recordOf: (receipt: ContractTransactionReceipt) =>
      BigInt(abi.parseLog(receipt.logs.find((l) => l.address.toLowerCase() === ledgerAddress)!)!.args.getValue("recordId")),
    /** A new supplier organisation (kind 3) whose operator is `ownKey`. */
    onboardSupplier: async (ownKey: Wallet, name: string, registrationNumber: string) =>
      (
        await onboardOrganisation({
          ledgerAddress,
          registrar: t.system.registrar!,
          orgSigners: t.system.orgSigners,
          fundingWei: 0n,
          organisation: { kind: 3, registrationNumber, name },
          ownKeys: [ownKey.address],
        })
      ).orgId,
    /** A fresh CNY campaign of `orgId`, opened with the organisation's own key. */
    openCampaign: async (signer: Signer, orgId: bigint, title: string) =>
      (await ledgerAdmin(ledgerAddress, signer).openCampaign({ orgId, currency: "CNY", target: 0n, title })).id,
  };
}
