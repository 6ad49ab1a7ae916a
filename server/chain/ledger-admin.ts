import { Contract, encodeBytes32String, ZeroAddress, type ContractTransactionResponse, type Signer } from "ethers";
import { findPersonalIdentifier } from "../domain/personal-identifiers.ts";
import { loadLedgerArtifact } from "./ledger-artifact.ts";

/**
 * Direct contract calls for the registrar and for a charity's own key: registering
 * organisations, adding operators, recording their public-fundraising status, opening campaigns. The API's writes go through the outbox.
 */
export function ledgerAdmin(ledgerAddress: string, signer: Signer) {
  const { abi } = loadLedgerArtifact();
  const contract = new Contract(ledgerAddress, abi, signer);

  async function send(method: string, args: unknown[], event: string, field: string): Promise<{ id: bigint; block: bigint; txHash: string }> {
    const tx = (await contract.getFunction(method)(...args)) as ContractTransactionResponse;
    const receipt = await tx.wait();
    for (const log of receipt!.logs) {
      const parsed = abi.parseLog(log);
      if (parsed?.name === event) return { id: BigInt(parsed.args.getValue(field)), block: BigInt(receipt!.blockNumber), txHash: receipt!.hash };
    }
    throw new Error(`${method} emitted no ${event}`);
  }

  return {
    registerOrganisation: (o: { kind: number; registrationNumber: string; name: string }) =>
      send("registerOrganisation", [o.kind, encodeBytes32String(o.registrationNumber), o.name], "OrganisationRegistered", "orgId"),
    addOperator: (orgId: bigint, operator: string) => send("addOperator", [orgId, operator], "OperatorAdded", "orgId"),
    removeOperator: (orgId: bigint, operator: string) => send("removeOperator", [orgId, operator], "OperatorRemoved", "orgId"),
    /** Records whether the organisation holds the public-fundraising qualification (公开募捐资格). */
    setPublicFundraising: (orgId: bigint, qualified: boolean) => send("setPublicFundraising", [orgId, qualified], "PublicFundraisingStatusChanged", "orgId"),
    openCampaign: async (o: { orgId: bigint; currency: string; target: bigint; title: string }) => {
      // A title is public on the ledger for good: never a person's ID or phone number.
      const found = findPersonalIdentifier(o.title);
      if (found) throw new Error(`The campaign title would be public on the ledger forever and looks like it holds a ${found}.`);
      return send(
        "openCampaign",
        // Asset 0: attested fiat in an ISO 4217 currency, no token.
        [o.orgId, 0, "0x" + Buffer.from(o.currency, "latin1").toString("hex"), ZeroAddress, o.target, o.title],
        "CampaignOpened",
        "campaignId",
      );
    },
  };
}
