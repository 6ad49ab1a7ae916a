// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ILedger} from "./ILedger.sol";

/// @title LedgerRegistry
/// @notice Who may write: organisations, their operators, suspension, and the registrar and
/// auditor roles. The registrar moves no money; the money lives in {Ledger}.
abstract contract LedgerRegistry is ILedger, AccessControl {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");

    enum OperatorStatus {
        None,
        Active,
        // An operator of a suspended organisation. Suspension rewrites the few operator entries
        // of the organisation, so a record never has to read the organisation as well.
        Suspended
    }

    struct Organisation {
        bool registered;
        bool suspended;
    }

    uint64 private _orgCount;
    mapping(uint64 orgId => Organisation) private _organisations;
    mapping(uint64 orgId => mapping(address account => OperatorStatus)) private _operators;
    mapping(uint64 orgId => address[]) private _operatorList;

    constructor(address admin, address registrar) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, registrar);
    }

    // ================================================================ registrar

    /// @inheritdoc ILedger
    function registerOrganisation(OrganisationKind kind, bytes32 registrationNumber, string calldata name)
        external
        onlyRole(REGISTRAR_ROLE)
        returns (uint64 orgId)
    {
        orgId = ++_orgCount;
        _organisations[orgId].registered = true;
        emit OrganisationRegistered(orgId, kind, registrationNumber, name);
    }

    /// @inheritdoc ILedger
    function addOperator(uint64 orgId, address operator) external onlyRole(REGISTRAR_ROLE) {
        Organisation storage org = _registered(orgId);
        if (operator == address(0) || _operators[orgId][operator] != OperatorStatus.None) {
            revert LedgerInvalidOperator(orgId, operator);
        }
        _operators[orgId][operator] = org.suspended ? OperatorStatus.Suspended : OperatorStatus.Active;
        _operatorList[orgId].push(operator);
        emit OperatorAdded(orgId, operator);
    }

    /// @inheritdoc ILedger
    function removeOperator(uint64 orgId, address operator) external onlyRole(REGISTRAR_ROLE) {
        _registered(orgId);
        if (_operators[orgId][operator] == OperatorStatus.None) revert LedgerInvalidOperator(orgId, operator);
        _operators[orgId][operator] = OperatorStatus.None;
        address[] storage list = _operatorList[orgId];
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == operator) {
                list[i] = list[list.length - 1];
                list.pop();
                break;
            }
        }
        emit OperatorRemoved(orgId, operator);
    }

    /// @inheritdoc ILedger
    function suspendOrganisation(uint64 orgId) external onlyRole(REGISTRAR_ROLE) {
        Organisation storage org = _registered(orgId);
        if (org.suspended) revert LedgerOrganisationSuspended(orgId);
        org.suspended = true;
        _setOperatorStatus(orgId, OperatorStatus.Suspended);
        emit OrganisationSuspended(orgId);
    }

    /// @inheritdoc ILedger
    function reinstateOrganisation(uint64 orgId) external onlyRole(REGISTRAR_ROLE) {
        Organisation storage org = _registered(orgId);
        if (!org.suspended) revert LedgerOrganisationNotSuspended(orgId);
        org.suspended = false;
        _setOperatorStatus(orgId, OperatorStatus.Active);
        emit OrganisationReinstated(orgId);
    }

    /// @inheritdoc ILedger
    function isOperator(uint64 orgId, address account) external view returns (bool) {
        return _operators[orgId][account] == OperatorStatus.Active;
    }

    /// @dev Whether `orgId` is suspended (it receives nothing while it is).
    function _isSuspended(uint64 orgId) internal view returns (bool) {
        return _organisations[orgId].suspended;
    }

    function _registered(uint64 orgId) private view returns (Organisation storage org) {
        org = _organisations[orgId];
        if (!org.registered) revert LedgerUnknownOrganisation(orgId);
    }

    function _checkOperator(uint64 orgId) internal view {
        OperatorStatus status = _operators[orgId][msg.sender];
        if (status == OperatorStatus.Active) return;
        if (status == OperatorStatus.Suspended) revert LedgerOrganisationSuspended(orgId);
        revert LedgerUnauthorizedOperator(orgId, msg.sender);
    }

    function _setOperatorStatus(uint64 orgId, OperatorStatus status) private {
        address[] storage list = _operatorList[orgId];
        for (uint256 i; i < list.length; ++i) {
            _operators[orgId][list[i]] = status;
        }
    }
}
