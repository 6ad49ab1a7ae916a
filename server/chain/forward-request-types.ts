/**
 * The EIP-712 typed data an organisation signs to write through the ledger's forwarder
 * (contracts/LedgerForwarder.sol, OpenZeppelin's ERC2771Forwarder): domain name "DonationLedger",
 * version "1", the chain id and the forwarder's address; the nonce is `forwarder.nonces(from)`.
 */
export const FORWARD_REQUEST_DOMAIN = { name: "DonationLedger", version: "1" } as const;

export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};
