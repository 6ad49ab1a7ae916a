// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ILedger} from "./ILedger.sol";

/// @title Ledger
/// @notice First version of the donation ledger: attested (off-chain) money only, so no value
/// is held and no re-entrancy surface exists yet. Balances live in storage because the contract
/// must refuse overdrafts; everything else lives only in events.
contract Ledger is ILedger, AccessControl {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    struct Organisation {
        bool registered;
        bool suspended;
    }

    // One slot: who owns the campaign, its currency and whether it is open.
    struct Campaign {
        uint64 orgId;
        bytes3 currency;
        bool open;
    }

    uint64 private _orgCount;
    uint64 private _campaignCount;
    uint256 private _recordCount;

    mapping(uint64 orgId => Organisation) private _organisations;
    mapping(uint64 orgId => mapping(address account => bool)) private _operators;
    mapping(uint64 campaignId => Campaign) private _campaigns;
    mapping(uint64 campaignId => uint256) private _balances;

    constructor(address admin, address registrar) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, registrar);
    }

    modifier onlyOperatorOf(uint64 orgId) {
        _checkOperator(orgId);
        _;
    }

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
        if (!_organisations[orgId].registered) revert LedgerUnknownOrganisation(orgId);
        if (operator == address(0) || _operators[orgId][operator]) revert LedgerInvalidOperator(orgId, operator);
        _operators[orgId][operator] = true;
        emit OperatorAdded(orgId, operator);
    }

    /// @inheritdoc ILedger
    function suspendOrganisation(uint64 orgId) external onlyRole(REGISTRAR_ROLE) {
        Organisation storage org = _organisations[orgId];
        if (!org.registered) revert LedgerUnknownOrganisation(orgId);
        if (org.suspended) revert LedgerAlreadySuspended(orgId);
        org.suspended = true;
        emit OrganisationSuspended(orgId);
    }

    /// @inheritdoc ILedger
    function openCampaign(uint64 orgId, bytes3 currency, uint256 target, string calldata title)
        external
        onlyOperatorOf(orgId)
        returns (uint64 campaignId)
    {
        _checkCurrency(currency);
        campaignId = ++_campaignCount;
        _campaigns[campaignId] = Campaign({orgId: orgId, currency: currency, open: true});
        emit CampaignOpened(campaignId, orgId, currency, target, title);
    }

    /// @inheritdoc ILedger
    function closeCampaign(uint64 campaignId) external {
        Campaign storage c = _writableCampaign(campaignId);
        c.open = false;
        emit CampaignClosed(campaignId, c.orgId);
    }

    /// @inheritdoc ILedger
    function recordDonation(uint64 campaignId, uint256 amount, Channel channel, bytes32 donorCommitment)
        external
        returns (uint256 recordId)
    {
        _writableCampaign(campaignId);
        if (amount == 0) revert LedgerZeroAmount(campaignId);
        uint256 balanceAfter = _balances[campaignId] + amount;
        _balances[campaignId] = balanceAfter;
        recordId = ++_recordCount;
        emit DonationRecorded(recordId, campaignId, amount, channel, donorCommitment, balanceAfter);
    }

    /// @inheritdoc ILedger
    function recordDisbursement(
        uint64 campaignId,
        bytes32 recipientRef,
        uint256 amount,
        Purpose purpose,
        bytes32 evidenceHash
    ) external returns (uint256 recordId) {
        _operatedCampaign(campaignId);
        if (amount == 0) revert LedgerZeroAmount(campaignId);
        uint256 balance = _balances[campaignId];
        if (amount > balance) revert LedgerInsufficientBalance(campaignId, balance, amount);
        uint256 balanceAfter = balance - amount;
        _balances[campaignId] = balanceAfter;
        recordId = ++_recordCount;
        emit DisbursementRecorded(recordId, campaignId, recipientRef, amount, purpose, evidenceHash, balanceAfter);
    }

    /// @inheritdoc ILedger
    function campaign(uint64 campaignId)
        external
        view
        returns (uint64 orgId, bytes3 currency, bool open, uint256 balance)
    {
        Campaign memory c = _campaigns[campaignId];
        return (c.orgId, c.currency, c.open, _balances[campaignId]);
    }

    /// @inheritdoc ILedger
    function isOperator(uint64 orgId, address account) external view returns (bool) {
        // "May write" per ILedger: a suspended organisation's operators may not.
        return _operators[orgId][account] && !_organisations[orgId].suspended;
    }

    /// @dev A campaign the caller may pay out of: it exists and the caller operates its active organisation.
    /// Closed campaigns can still pay out what they hold.
    function _operatedCampaign(uint64 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.orgId == 0) revert LedgerUnknownCampaign(campaignId);
        _checkOperator(c.orgId);
    }

    /// @dev A campaign the caller may record into: operated by the caller and still open.
    function _writableCampaign(uint64 campaignId) private view returns (Campaign storage c) {
        c = _operatedCampaign(campaignId);
        if (!c.open) revert LedgerCampaignClosed(campaignId);
    }

    function _checkOperator(uint64 orgId) private view {
        if (!_operators[orgId][msg.sender]) revert LedgerUnauthorizedOperator(orgId, msg.sender);
        if (_organisations[orgId].suspended) revert LedgerOrganisationSuspended(orgId);
    }

    function _checkCurrency(bytes3 currency) private pure {
        for (uint256 i; i < 3; ++i) {
            bytes1 ch = currency[i];
            if (ch < "A" || ch > "Z") revert LedgerInvalidCurrency(currency);
        }
    }
}
