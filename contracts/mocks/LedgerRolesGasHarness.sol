// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Ledger} from "../Ledger.sol";

/// @title LedgerRolesGasHarness
/// @notice For the gas bench only (`scripts/bench/gas.ts`): the real Ledger plus one entry that grants a
/// role with or without the one-role-per-address check, so the check's cost is the difference of two
/// grants that pay the same selector dispatch.
contract LedgerRolesGasHarness is Ledger {
    constructor(address admin, address registrar, address trustedForwarder) Ledger(admin, registrar, trustedForwarder) {}

    /// @notice {AccessControl-grantRole} as the Ledger has it when `checked`, else as OpenZeppelin has it,
    /// skipping the Ledger's role-conflict check.
    function grantRoleMeasured(bool checked, bytes32 role, address account) external onlyRole(getRoleAdmin(role)) {
        if (checked) _grantRole(role, account);
        else AccessControl._grantRole(role, account);
    }
}
