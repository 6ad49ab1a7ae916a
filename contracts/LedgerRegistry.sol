// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ILedger} from "./ILedger.sol";

/// @title LedgerRegistry
/// @notice Who may write: organisations, their operators, suspension, and the admin, registrar and
/// auditor roles. One address holds one role: the admin only grants roles, the registrar only
/// handles organisations and operators (it can never be or add an operator, so it moves no money),
/// auditors attest and confirm, and an operator writes for the one organisation it is bound to.
abstract contract LedgerRegistry is ILedger, AccessControl {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");
    /// @notice Names the operator role in {LedgerRoleConflict}; operators are kept per organisation, not in AccessControl.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    enum OperatorStatus {
        None,
        Active,
        // An operator of a suspended organisation. Suspension rewrites the few operator entries
        // of the organisation, so a record never has to read the organisation as well.
        Suspended
    }

    // One slot read per record. `orgId` stays after removal: an address is bound to one
    // organisation for good, so its past records are attributed to that organisation forever.
    struct Operator {
        uint64 orgId;
        OperatorStatus status;
    }

    struct Organisation {
        bool registered;
        bool suspended;
        bool publicFundraising;
    }

    uint64 private _orgCount;
    mapping(uint64 orgId => Organisation) private _organisations;
    mapping(address account => Operator) private _operators;
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
        Operator storage entry = _operators[operator];
        if (operator == address(0)) revert LedgerInvalidOperator(orgId, operator);
        // Bound first: an operator serving another organisation (not only one removed from it) is
        // bound there, and "already there" would name the wrong organisation.
        if (entry.orgId != 0 && entry.orgId != orgId) revert LedgerOperatorBound(operator, entry.orgId);
        if (entry.status != OperatorStatus.None) revert LedgerInvalidOperator(orgId, operator);
        _checkNoRole(operator, OPERATOR_ROLE);
        entry.orgId = orgId;
        entry.status = org.suspended ? OperatorStatus.Suspended : OperatorStatus.Active;
        _operatorList[orgId].push(operator);
        emit OperatorAdded(orgId, operator);
    }

    /// @inheritdoc ILedger
    function removeOperator(uint64 orgId, address operator) external onlyRole(REGISTRAR_ROLE) {
        _registered(orgId);
        Operator storage entry = _operators[operator];
        if (entry.orgId != orgId || entry.status == OperatorStatus.None) revert LedgerInvalidOperator(orgId, operator);
        entry.status = OperatorStatus.None;
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
    function setPublicFundraising(uint64 orgId, bool qualified) external onlyRole(REGISTRAR_ROLE) {
        Organisation storage org = _registered(orgId);
        // Kept only to refuse a change that changes nothing: every event is then a real change, so the
        // mirror's newest row for an organisation is when its current status began.
        if (org.publicFundraising == qualified) revert LedgerPublicFundraisingUnchanged(orgId, qualified);
        org.publicFundraising = qualified;
        emit PublicFundraisingStatusChanged(orgId, qualified);
    }

    /// @inheritdoc ILedger
    function isOperator(uint64 orgId, address account) external view returns (bool) {
        Operator storage entry = _operators[account];
        return entry.orgId == orgId && entry.status == OperatorStatus.Active;
    }

    /// @inheritdoc ILedger
    function operatorOf(address account) external view returns (uint64 orgId, bool active) {
        Operator storage entry = _operators[account];
        return (entry.orgId, entry.status == OperatorStatus.Active);
    }

    // ================================================================ for the ledger

    /// @dev Whether `orgId` is suspended (it receives nothing while it is).
    function _isSuspended(uint64 orgId) internal view returns (bool) {
        return _organisations[orgId].suspended;
    }

    /// @dev The organisation `account` is bound to as an operator, 0 for none.
    function _boundOrganisation(address account) internal view returns (uint64) {
        return _operators[account].orgId;
    }

    function _checkOperator(uint64 orgId) internal view {
        address sender = _msgSender();
        Operator storage entry = _operators[sender];
        if (entry.orgId == orgId) {
            if (entry.status == OperatorStatus.Active) return;
            if (entry.status == OperatorStatus.Suspended) revert LedgerOrganisationSuspended(orgId);
        }
        revert LedgerUnauthorizedOperator(orgId, sender);
    }

    /// @dev Every grant goes through here (the constructor's too): one address, one role.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        _checkNoRole(account, role);
        return super._grantRole(role, account);
    }

    // ================================================================ private

    /// @dev Reverts when `account` holds a role other than `role`, or is bound to an organisation.
    function _checkNoRole(address account, bytes32 role) private view {
        bytes32[3] memory roles = [DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, AUDITOR_ROLE];
        for (uint256 i; i < roles.length; ++i) {
            if (roles[i] != role && hasRole(roles[i], account)) revert LedgerRoleConflict(account, roles[i]);
        }
        if (role != OPERATOR_ROLE && _operators[account].orgId != 0) revert LedgerRoleConflict(account, OPERATOR_ROLE);
    }

    function _registered(uint64 orgId) private view returns (Organisation storage org) {
        org = _organisations[orgId];
        if (!org.registered) revert LedgerUnknownOrganisation(orgId);
    }

    function _setOperatorStatus(uint64 orgId, OperatorStatus status) private {
        address[] storage list = _operatorList[orgId];
        for (uint256 i; i < list.length; ++i) {
            _operators[list[i]].status = status;
        }
    }
}
