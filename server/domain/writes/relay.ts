import type { WriteKind } from "./write-kind.ts";

/** An EIP-712 request an organisation signed with its own key, for the ledger's ERC-2771 forwarder. */
export interface ForwardRequest {
  from: string;
  to: string;
  value: string;
  gas: string;
  deadline: string;
  data: string;
  signature: string;
}

export interface RelayPayload {
  kind: "relay";
  request: ForwardRequest;
}

/**
 * A ledger call the organisation signed itself, sent through the forwarder by the relayer, whose key
 * alone could write nothing. The server cannot see what it does to balances before it is mined.
 */
export const relay: WriteKind<RelayPayload> = {
  kind: "relay",
  signer: () => "relayer",
  effect: () => ({ delta: 0n }),
  encode: (abis, p) => ({ to: "forwarder", data: abis.forwarder.encodeFunctionData("execute", [p.request]) }),
  proof: [],
};

/** The ledger call a relayed request makes, as the forwarder makes it: its data with the signer appended. */
export function forwardedCall(request: ForwardRequest): string {
  return request.data + request.from.slice(2).toLowerCase();
}
