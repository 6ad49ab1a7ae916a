// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title LedgerForwarder
/// @notice The ledger's trusted ERC-2771 forwarder: an organisation that keeps its own key signs each
/// write as an EIP-712 `ForwardRequest` (with a nonce and a deadline), and any relayer may send it.
/// The ledger sees the signer as the writer, so the relayer's key alone can write nothing.
contract LedgerForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("DonationLedger") {}
}
