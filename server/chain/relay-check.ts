import type { JsonRpcProvider } from "ethers";
import { forwardedCall, type ForwardRequest } from "../domain/writes/relay.ts";
import { explainRevert, type ContractRefusal } from "./explain-revert.ts";
import { loadArtifact, loadLedgerArtifact } from "./ledger-artifact.ts";
import { revertDataOf } from "./revert-data.ts";

export interface RelayCheck {
  forwarderAddress: string;
  /** Why the chain would refuse this signed request now, or undefined when it would take it. */
  refusal(request: ForwardRequest): Promise<ContractRefusal | undefined>;
}

/**
 * Looks at a signed request before the server accepts to relay it: the forwarder verifies the
 * signature, nonce and deadline, and the ledger call is tried as the forwarder would make it
 * (against the pending state), so what the chain would refuse is refused at once.
 */
export function createRelayCheck(options: { provider: JsonRpcProvider; forwarderAddress: string; ledgerAddress: string }): RelayCheck {
  const { provider, forwarderAddress, ledgerAddress } = options;
  const forwarder = loadArtifact("LedgerForwarder").abi;
  const ledger = loadLedgerArtifact().abi;
  return {
    forwarderAddress,
    async refusal(request) {
      const verified = await provider.send("eth_call", [{ to: forwarderAddress, data: forwarder.encodeFunctionData("verify", [request]) }, "pending"]);
      if (!forwarder.decodeFunctionResult("verify", verified)[0]) {
        return {
          error: "InvalidSignedRequest",
          args: { from: request.from },
          message: `The request is not validly signed by ${request.from}, its nonce was used, or its deadline passed.`,
        };
      }
      try {
        await provider.send("eth_call", [{ from: forwarderAddress, to: ledgerAddress, data: forwardedCall(request) }, "pending"]);
        return undefined;
      } catch (error) {
        const data = revertDataOf(error);
        if (data === undefined) throw error;
        return explainRevert(ledger, data);
      }
    },
  };
}
