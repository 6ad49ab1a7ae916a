// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILedger} from "./ILedger.sol";
import {LedgerRegistry} from "./LedgerRegistry.sol";

/// @title Ledger
/// @notice The donation ledger. Storage holds only what the contract must check (who may write,
/// what each campaign holds, what later operations refer to); every fact the mirror needs is in
/// the events. Gas: a record touches one campaign slot, one operator slot and the record counter.
contract Ledger is ILedger, LedgerRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    constructor(address admin, address registrar) LedgerRegistry(admin, registrar) {}

    // One slot: everything a donation or disbursement reads and writes.
    struct Campaign {
        uint64 orgId;
        uint128 balance;
        bytes3 currency;
        bool open;
        Asset asset;
    }

    struct Grant {
        uint64 toCampaignId;
        bool acknowledged;
    }

    struct Confirmation {
        address confirmer;
        bool confirmed;
    }

    // Who gave an on-chain donation, to which campaign, and what of it can still be refunded.
    struct OnChainDonation {
        address donor;
        uint64 campaignId;
        uint256 refundable;
    }

    uint64 private _campaignCount;
    uint256 private _recordCount;

    mapping(uint64 campaignId => Campaign) private _campaigns;
    mapping(uint64 campaignId => address) private _campaignTokens;
    mapping(uint256 grantId => Grant) private _grants;
    mapping(uint256 disbursementId => Confirmation) private _confirmations;
    mapping(uint256 donationId => OnChainDonation) private _onChainDonations;

    // ================================================================ campaigns

    /// @inheritdoc ILedger
    function openCampaign(
        uint64 orgId,
        Asset asset,
        bytes3 currency,
        address token,
        uint256 target,
        string calldata title
    ) external returns (uint64 campaignId) {
        _checkOperator(orgId);
        _checkAsset(asset, currency, token);
        campaignId = ++_campaignCount;
        _campaigns[campaignId] = Campaign({orgId: orgId, balance: 0, currency: currency, open: true, asset: asset});
        if (asset == Asset.Token) _campaignTokens[campaignId] = token;
        emit CampaignOpened(campaignId, orgId, asset, currency, token, target, title);
    }

    /// @inheritdoc ILedger
    function closeCampaign(uint64 campaignId) external {
        Campaign storage c = _operated(campaignId);
        if (!c.open) revert LedgerCampaignClosed(campaignId);
        c.open = false;
        emit CampaignClosed(campaignId, c.orgId);
    }

    // ================================================================ donations

    /// @inheritdoc ILedger
    function recordDonation(uint64 campaignId, uint256 amount, Channel channel, bytes32 donorCommitment)
        external
        returns (uint256 recordId)
    {
        recordId = ++_recordCount;
        _recordAttestedDonation(recordId, campaignId, amount, channel, donorCommitment);
    }

    /// @inheritdoc ILedger
    function recordDonations(DonationInput[] calldata donations) external returns (uint256 firstRecordId) {
        uint256 n = donations.length;
        if (n == 0) revert LedgerEmptyBatch(0);
        firstRecordId = _recordCount + 1;
        _recordCount += n;
        // Consecutive donations to one campaign are checked once and summed in memory; the
        // balance goes back to storage when the campaign changes and at the end. No external
        // call happens in between, so no one can observe the deferred write.
        uint64 current;
        bool loaded; // campaign id 0 never exists, so it must be checked like any other
        uint128 balance;
        for (uint256 i; i < n; ++i) {
            DonationInput calldata d = donations[i];
            uint64 campaignId = d.campaignId;
            if (!loaded || campaignId != current) {
                if (loaded) _campaigns[current].balance = balance;
                balance = _attestedReceiving(campaignId).balance;
                current = campaignId;
                loaded = true;
            }
            if (d.channel == Channel.OnChain) revert LedgerInvalidChannel(campaignId, d.channel);
            balance = _added(balance, campaignId, d.amount);
            emit DonationRecorded(firstRecordId + i, campaignId, d.amount, d.channel, d.donorCommitment, balance);
        }
        _campaigns[current].balance = balance;
    }

    /// @inheritdoc ILedger
    function donateNative(uint64 campaignId, bytes32 donorCommitment)
        external
        payable
        nonReentrant
        returns (uint256 recordId)
    {
        Campaign storage c = _receiving(campaignId, Asset.Native);
        recordId = _recordOnChainDonation(c, campaignId, msg.value, donorCommitment);
    }

    /// @inheritdoc ILedger
    function donateToken(uint64 campaignId, uint256 amount, bytes32 donorCommitment)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        Campaign storage c = _receiving(campaignId, Asset.Token);
        IERC20 token = IERC20(_campaignTokens[campaignId]);
        // Record what arrived, not what was asked: fee-on-transfer tokens deliver less.
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 arrived = token.balanceOf(address(this)) - before;
        recordId = _recordOnChainDonation(c, campaignId, arrived, donorCommitment);
    }

    // ================================================================ grants

    /// @inheritdoc ILedger
    function makeGrant(uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, bytes32 memoHash)
        external
        returns (uint256 recordId)
    {
        Campaign storage from = _operated(fromCampaignId);
        // A grant to itself would show money leaving and arriving at once in one record.
        if (toCampaignId == fromCampaignId) revert LedgerSameCampaign(fromCampaignId);
        Campaign storage to = _campaigns[toCampaignId];
        if (to.orgId == 0) revert LedgerUnknownCampaign(toCampaignId);
        if (!to.open) revert LedgerCampaignClosed(toCampaignId);
        if (_isSuspended(to.orgId)) revert LedgerOrganisationSuspended(to.orgId);
        if (
            from.asset != to.asset || from.currency != to.currency
                || _campaignTokens[fromCampaignId] != _campaignTokens[toCampaignId]
        ) revert LedgerAssetMismatch(fromCampaignId, toCampaignId);
        uint128 fromAfter = _debit(from, fromCampaignId, amount);
        uint128 toAfter = _credit(to, toCampaignId, amount);
        recordId = ++_recordCount;
        _grants[recordId] = Grant({toCampaignId: toCampaignId, acknowledged: false});
        emit GrantMade(recordId, fromCampaignId, toCampaignId, amount, memoHash, fromAfter, toAfter);
    }

    /// @inheritdoc ILedger
    function acknowledgeGrant(uint256 grantId) external {
        Grant storage g = _grants[grantId];
        if (g.toCampaignId == 0) revert LedgerUnknownRecord(grantId);
        if (g.acknowledged) revert LedgerAlreadySettled(grantId);
        _checkOperator(_campaigns[g.toCampaignId].orgId);
        g.acknowledged = true;
        emit GrantAcknowledged(grantId, g.toCampaignId, msg.sender);
    }

    // ================================================================ disbursements

    /// @inheritdoc ILedger
    function recordDisbursement(DisbursementInput calldata disbursement) external nonReentrant returns (uint256 recordId) {
        recordId = ++_recordCount;
        _recordDisbursement(recordId, disbursement);
    }

    /// @inheritdoc ILedger
    function recordDisbursements(DisbursementInput[] calldata disbursements)
        external
        nonReentrant
        returns (uint256 firstRecordId)
    {
        uint256 n = disbursements.length;
        if (n == 0) revert LedgerEmptyBatch(0);
        firstRecordId = _recordCount + 1;
        _recordCount += n;
        for (uint256 i; i < n; ++i) {
            _recordDisbursement(firstRecordId + i, disbursements[i]);
        }
    }

    /// @inheritdoc ILedger
    function confirmDisbursement(uint256 disbursementId) external {
        if (disbursementId == 0 || disbursementId > _recordCount) revert LedgerUnknownRecord(disbursementId);
        Confirmation storage c = _confirmations[disbursementId];
        if (c.confirmed) revert LedgerAlreadySettled(disbursementId);
        if (msg.sender != c.confirmer && !hasRole(AUDITOR_ROLE, msg.sender)) {
            revert LedgerUnauthorizedConfirmer(disbursementId, msg.sender);
        }
        c.confirmed = true;
        emit DisbursementConfirmed(disbursementId, msg.sender);
    }

    /// @inheritdoc ILedger
    function attestRecord(uint256 recordId, bytes32 noteHash) external onlyRole(AUDITOR_ROLE) {
        if (recordId == 0 || recordId > _recordCount) revert LedgerUnknownRecord(recordId);
        emit RecordAttested(recordId, msg.sender, noteHash);
    }

    // ================================================================ refunds and corrections

    /// @inheritdoc ILedger
    function refundDonation(uint256 donationId, uint64 campaignId, uint256 amount, bytes32 reasonHash)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        if (donationId == 0 || donationId > _recordCount) revert LedgerUnknownRecord(donationId);
        Campaign storage c = _operated(campaignId);
        uint128 balanceAfter = _debit(c, campaignId, amount);
        recordId = ++_recordCount;
        OnChainDonation storage d = _onChainDonations[donationId];
        address donor = d.donor;
        if (c.asset != Asset.Attested) {
            if (donor == address(0) || d.campaignId != campaignId) revert LedgerUnknownRecord(donationId);
            if (amount > d.refundable) revert LedgerRefundTooLarge(donationId, d.refundable, amount);
            d.refundable -= amount;
        }
        emit DonationRefunded(recordId, donationId, campaignId, amount, reasonHash, balanceAfter);
        if (c.asset != Asset.Attested) _pay(c.asset, campaignId, donor, amount);
    }

    /// @inheritdoc ILedger
    function correctRecord(uint256 correctedId, uint64 campaignId, int256 delta, bytes32 reasonHash)
        external
        returns (uint256 recordId)
    {
        if (correctedId == 0 || correctedId > _recordCount) revert LedgerUnknownRecord(correctedId);
        Campaign storage c = _operated(campaignId);
        // On-chain balances are what the contract holds; only attested books can be corrected.
        if (c.asset != Asset.Attested) revert LedgerWrongAsset(campaignId, Asset.Attested);
        if (delta == 0) revert LedgerZeroAmount(campaignId);
        uint128 balanceAfter = delta > 0
            ? _credit(c, campaignId, uint256(delta))
            : _debit(c, campaignId, delta == type(int256).min ? type(uint256).max : uint256(-delta));
        recordId = ++_recordCount;
        emit RecordCorrected(recordId, correctedId, campaignId, delta, reasonHash, balanceAfter);
    }

    // ================================================================ views

    /// @inheritdoc ILedger
    function campaign(uint64 campaignId)
        external
        view
        returns (uint64 orgId, Asset asset, bytes3 currency, address token, bool open, uint256 balance)
    {
        Campaign memory c = _campaigns[campaignId];
        return (c.orgId, c.asset, c.currency, _campaignTokens[campaignId], c.open, c.balance);
    }

    /// @inheritdoc ILedger
    function recordCount() external view returns (uint256) {
        return _recordCount;
    }

    // ================================================================ internals

    /// @dev An open, attested campaign the caller operates.
    function _attestedReceiving(uint64 campaignId) private view returns (Campaign storage c) {
        c = _writable(campaignId);
        if (c.asset != Asset.Attested) revert LedgerWrongAsset(campaignId, Asset.Attested);
    }

    function _recordAttestedDonation(
        uint256 recordId,
        uint64 campaignId,
        uint256 amount,
        Channel channel,
        bytes32 donorCommitment
    ) private {
        Campaign storage c = _attestedReceiving(campaignId);
        if (channel == Channel.OnChain) revert LedgerInvalidChannel(campaignId, channel);
        uint128 balanceAfter = _credit(c, campaignId, amount);
        emit DonationRecorded(recordId, campaignId, amount, channel, donorCommitment, balanceAfter);
    }

    function _recordOnChainDonation(Campaign storage c, uint64 campaignId, uint256 amount, bytes32 donorCommitment)
        private
        returns (uint256 recordId)
    {
        uint128 balanceAfter = _credit(c, campaignId, amount);
        recordId = ++_recordCount;
        _onChainDonations[recordId] = OnChainDonation({donor: msg.sender, campaignId: campaignId, refundable: amount});
        emit DonationRecorded(recordId, campaignId, amount, Channel.OnChain, donorCommitment, balanceAfter);
    }

    function _recordDisbursement(uint256 recordId, DisbursementInput calldata d) private {
        Campaign storage c = _operated(d.campaignId);
        bool onChain = c.asset != Asset.Attested;
        // Paying the ledger itself would debit the books and keep the value: stranded for good.
        if (onChain == (d.payee == address(0)) || d.payee == address(this)) {
            revert LedgerInvalidPayee(d.campaignId, d.payee);
        }
        uint128 balanceAfter = _debit(c, d.campaignId, d.amount);
        if (d.confirmer != address(0)) _confirmations[recordId].confirmer = d.confirmer;
        emit DisbursementRecorded(
            recordId, d.campaignId, d.recipientRef, d.amount, d.purpose, d.evidenceHash, d.payee, d.confirmer, balanceAfter
        );
        // Books first, value last (checks-effects-interactions), under the re-entrancy guard.
        if (onChain) _pay(c.asset, d.campaignId, d.payee, d.amount);
    }

    function _credit(Campaign storage c, uint64 campaignId, uint256 amount) private returns (uint128 balanceAfter) {
        balanceAfter = _added(c.balance, campaignId, amount);
        c.balance = balanceAfter;
    }

    function _added(uint128 balance, uint64 campaignId, uint256 amount) private pure returns (uint128) {
        if (amount == 0) revert LedgerZeroAmount(campaignId);
        // Compared against the room left, so no sum can overflow before the check.
        if (amount > type(uint128).max - balance) revert LedgerAmountTooLarge(campaignId, amount);
        return balance + uint128(amount);
    }

    function _debit(Campaign storage c, uint64 campaignId, uint256 amount) private returns (uint128 balanceAfter) {
        if (amount == 0) revert LedgerZeroAmount(campaignId);
        uint128 balance = c.balance;
        if (amount > balance) revert LedgerInsufficientBalance(campaignId, balance, amount);
        balanceAfter = balance - uint128(amount);
        c.balance = balanceAfter;
    }

    function _pay(Asset asset, uint64 campaignId, address to, uint256 amount) private {
        if (asset == Asset.Token) {
            IERC20(_campaignTokens[campaignId]).safeTransfer(to, amount);
        } else {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert LedgerPaymentFailed(to, amount);
        }
    }

    /// @dev An existing campaign whose organisation the caller operates (open or closed).
    function _operated(uint64 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.orgId == 0) revert LedgerUnknownCampaign(campaignId);
        _checkOperator(c.orgId);
    }

    /// @dev An operated campaign that is still open.
    function _writable(uint64 campaignId) private view returns (Campaign storage c) {
        c = _operated(campaignId);
        if (!c.open) revert LedgerCampaignClosed(campaignId);
    }

    /// @dev An open campaign of an active organisation that holds `asset`, for public donations.
    function _receiving(uint64 campaignId, Asset asset) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.orgId == 0) revert LedgerUnknownCampaign(campaignId);
        if (!c.open) revert LedgerCampaignClosed(campaignId);
        if (c.asset != asset) revert LedgerWrongAsset(campaignId, asset);
        if (_isSuspended(c.orgId)) revert LedgerOrganisationSuspended(c.orgId);
    }

    function _checkAsset(Asset asset, bytes3 currency, address token) private view {
        bool ok;
        if (asset == Asset.Attested) {
            ok = token == address(0) && _isIsoCode(currency);
        } else if (asset == Asset.Native) {
            ok = token == address(0) && currency == bytes3(0);
        } else {
            ok = token.code.length > 0 && currency == bytes3(0);
        }
        if (!ok) revert LedgerInvalidAsset(asset, currency, token);
    }

    function _isIsoCode(bytes3 currency) private pure returns (bool) {
        for (uint256 i; i < 3; ++i) {
            bytes1 ch = currency[i];
            if (ch < "A" || ch > "Z") return false;
        }
        return true;
    }
}
