// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILedger} from "./ILedger.sol";
import {LedgerRegistry} from "./LedgerRegistry.sol";

/// @title Ledger
/// @notice The donation ledger. Storage holds only what the contract must check (who may write,
/// what each campaign holds, what later operations refer to); every fact the mirror needs is in
/// the events. Gas: a record touches one campaign slot, one operator slot and the record counter.
///
/// An organisation that keeps its own key signs its writes (EIP-712) and any relayer sends them
/// through the trusted ERC-2771 forwarder; the relayer's key alone can write nothing. Every writer
/// is guarded against re-entrancy, so record ids follow execution order.
contract Ledger is ILedger, LedgerRegistry, ReentrancyGuardTransient, ERC2771Context {
    using SafeERC20 for IERC20;

    constructor(address admin, address registrar, address trustedForwarder)
        LedgerRegistry(admin, registrar)
        ERC2771Context(trustedForwarder)
    {}

    // One slot: everything a donation or disbursement reads and writes.
    struct Campaign {
        uint64 orgId;
        uint128 balance;
        bytes3 currency;
        bool open;
        Asset asset;
    }

    enum GrantState {
        None,
        Pending,
        Acknowledged,
        Refused
    }

    // One slot: the amount waits here until the receiver acknowledges or refuses it.
    struct Grant {
        uint128 amount;
        uint64 fromCampaignId;
        uint64 toCampaignId;
    }

    // Written only for disbursements that name a confirmer; `orgId` is the paying organisation,
    // whose operators may never confirm (checked again at confirmation: keys are added later).
    struct Confirmation {
        address confirmer;
        uint64 orgId;
        bool confirmed;
    }

    // A positive correction waiting for an auditor.
    struct PendingCorrection {
        uint64 campaignId;
        uint128 amount;
        bool pending;
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
    mapping(uint256 grantId => GrantState) private _grantStates;
    mapping(uint256 correctionId => PendingCorrection) private _pendingCorrections;
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
        emit CampaignOpened(campaignId, orgId, asset, currency, token, target, title, _msgSender());
    }

    /// @inheritdoc ILedger
    function closeCampaign(uint64 campaignId) external {
        Campaign storage c = _operated(campaignId);
        if (!c.open) revert LedgerCampaignClosed(campaignId);
        c.open = false;
        emit CampaignClosed(campaignId, c.orgId, _msgSender());
    }

    /// @inheritdoc ILedger
    function setCampaignTarget(uint64 campaignId, uint256 target) external {
        Campaign storage c = _writable(campaignId);
        emit CampaignTargetChanged(campaignId, c.orgId, target, _msgSender());
    }

    /// @inheritdoc ILedger
    function publishDisclosure(uint64 campaignId, uint64 coversFrom, uint64 coversTo, bytes32 documentHash, bool isFinal)
        external
    {
        // Open or closed: the full disclosure of a drive comes after its end.
        Campaign storage c = _operated(campaignId);
        if (coversFrom > coversTo || coversTo > block.timestamp) {
            revert LedgerInvalidDisclosurePeriod(campaignId, coversFrom, coversTo, block.timestamp);
        }
        if (documentHash == bytes32(0)) revert LedgerMissingDocument(campaignId);
        emit DisclosurePublished(campaignId, c.orgId, coversFrom, coversTo, documentHash, isFinal, _msgSender());
    }

    // ================================================================ donations

    /// @inheritdoc ILedger
    function recordDonation(uint64 campaignId, uint256 amount, Channel channel, bytes32 donorCommitment)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        recordId = ++_recordCount;
        _recordAttestedDonation(recordId, campaignId, amount, channel, donorCommitment);
    }

    /// @inheritdoc ILedger
    function recordDonations(DonationInput[] calldata donations) external nonReentrant returns (uint256 firstRecordId) {
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
        address by = _msgSender();
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
            emit DonationRecorded(firstRecordId + i, campaignId, d.donorCommitment, d.amount, d.channel, balance, by);
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
        token.safeTransferFrom(_msgSender(), address(this), amount);
        uint256 arrived = token.balanceOf(address(this)) - before;
        recordId = _recordOnChainDonation(c, campaignId, arrived, donorCommitment);
    }

    // ================================================================ grants

    /// @inheritdoc ILedger
    function makeGrant(uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, bytes32 memoHash)
        external
        nonReentrant
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
        recordId = ++_recordCount;
        // The debit above bounds the amount by a uint128 balance.
        _grants[recordId] =
            Grant({amount: uint128(amount), fromCampaignId: fromCampaignId, toCampaignId: toCampaignId});
        _grantStates[recordId] = GrantState.Pending;
        emit GrantMade(recordId, fromCampaignId, toCampaignId, amount, memoHash, fromAfter, _msgSender());
    }

    /// @inheritdoc ILedger
    function acknowledgeGrant(uint256 grantId) external nonReentrant returns (uint256 recordId) {
        Grant memory g = _pendingGrant(grantId);
        Campaign storage to = _writable(g.toCampaignId);
        uint128 toAfter = _credit(to, g.toCampaignId, g.amount);
        _grantStates[grantId] = GrantState.Acknowledged;
        recordId = ++_recordCount;
        emit GrantAcknowledged(recordId, grantId, g.toCampaignId, g.amount, toAfter, _msgSender());
    }

    /// @inheritdoc ILedger
    function refuseGrant(uint256 grantId, bytes32 reasonHash) external nonReentrant returns (uint256 recordId) {
        Grant memory g = _pendingGrant(grantId);
        Campaign storage from = _campaigns[g.fromCampaignId];
        uint64 senderOrg = _boundOrganisation(_msgSender());
        // The receiver refuses; the sender may withdraw a grant nobody acknowledged yet.
        _checkOperator(senderOrg == from.orgId ? from.orgId : _campaigns[g.toCampaignId].orgId);
        uint128 fromAfter = _credit(from, g.fromCampaignId, g.amount);
        _grantStates[grantId] = GrantState.Refused;
        recordId = ++_recordCount;
        emit GrantRefused(recordId, grantId, g.fromCampaignId, g.amount, reasonHash, fromAfter, _msgSender());
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
    function confirmDisbursement(uint256 disbursementId) external nonReentrant {
        if (disbursementId == 0 || disbursementId > _recordCount) revert LedgerUnknownRecord(disbursementId);
        Confirmation storage c = _confirmations[disbursementId];
        if (c.confirmed) revert LedgerAlreadySettled(disbursementId);
        address sender = _msgSender();
        bool namedConfirmer = c.confirmer != address(0) && sender == c.confirmer && _boundOrganisation(sender) != c.orgId;
        if (!namedConfirmer && !hasRole(AUDITOR_ROLE, sender)) revert LedgerUnauthorizedConfirmer(disbursementId, sender);
        c.confirmed = true;
        emit DisbursementConfirmed(disbursementId, sender);
    }

    /// @inheritdoc ILedger
    function attestRecord(uint256 recordId, bytes32 noteHash) external onlyRole(AUDITOR_ROLE) {
        if (recordId == 0 || recordId > _recordCount) revert LedgerUnknownRecord(recordId);
        emit RecordAttested(recordId, _msgSender(), noteHash);
    }

    /// @inheritdoc ILedger
    function approveCorrection(uint256 correctionId) external onlyRole(AUDITOR_ROLE) nonReentrant returns (uint256 recordId) {
        PendingCorrection storage p = _pendingCorrections[correctionId];
        if (p.campaignId == 0) revert LedgerUnknownRecord(correctionId);
        if (!p.pending) revert LedgerAlreadySettled(correctionId);
        p.pending = false;
        uint128 balanceAfter = _credit(_campaigns[p.campaignId], p.campaignId, p.amount);
        recordId = ++_recordCount;
        emit CorrectionApproved(recordId, correctionId, p.campaignId, p.amount, balanceAfter, _msgSender());
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
        emit DonationRefunded(recordId, donationId, campaignId, amount, reasonHash, balanceAfter, _msgSender());
        if (c.asset != Asset.Attested) _pay(c.asset, campaignId, donor, amount);
    }

    /// @inheritdoc ILedger
    function correctRecord(uint256 correctedId, uint64 campaignId, int256 delta, bytes32 reasonHash)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        if (correctedId == 0 || correctedId > _recordCount) revert LedgerUnknownRecord(correctedId);
        Campaign storage c = _operated(campaignId);
        // On-chain balances are what the contract holds; only attested books can be corrected.
        if (c.asset != Asset.Attested) revert LedgerWrongAsset(campaignId, Asset.Attested);
        if (delta == 0) revert LedgerZeroAmount(campaignId);
        uint128 balanceAfter;
        recordId = ++_recordCount;
        if (delta > 0) {
            // Money that appears from a correction must be vouched for by an auditor before it counts.
            uint128 amount = _added(0, campaignId, uint256(delta));
            _pendingCorrections[recordId] = PendingCorrection({campaignId: campaignId, amount: amount, pending: true});
            balanceAfter = c.balance;
        } else {
            balanceAfter = _debit(c, campaignId, delta == type(int256).min ? type(uint256).max : uint256(-delta));
        }
        emit RecordCorrected(recordId, correctedId, campaignId, delta, reasonHash, balanceAfter, _msgSender());
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

    /// @inheritdoc ILedger
    function grant(uint256 grantId)
        external
        view
        returns (uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, uint8 state)
    {
        Grant memory g = _grants[grantId];
        return (g.fromCampaignId, g.toCampaignId, g.amount, uint8(_grantStates[grantId]));
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
        emit DonationRecorded(recordId, campaignId, donorCommitment, amount, channel, balanceAfter, _msgSender());
    }

    function _recordOnChainDonation(Campaign storage c, uint64 campaignId, uint256 amount, bytes32 donorCommitment)
        private
        returns (uint256 recordId)
    {
        uint128 balanceAfter = _credit(c, campaignId, amount);
        recordId = ++_recordCount;
        address donor = _msgSender();
        _onChainDonations[recordId] = OnChainDonation({donor: donor, campaignId: campaignId, refundable: amount});
        emit DonationRecorded(recordId, campaignId, donorCommitment, amount, Channel.OnChain, balanceAfter, donor);
    }

    function _recordDisbursement(uint256 recordId, DisbursementInput calldata d) private {
        Campaign storage c = _operated(d.campaignId);
        bool onChain = c.asset != Asset.Attested;
        // Paying the ledger itself would debit the books and keep the value: stranded for good.
        if (onChain == (d.payee == address(0)) || d.payee == address(this)) {
            revert LedgerInvalidPayee(d.campaignId, d.payee);
        }
        uint128 balanceAfter = _debit(c, d.campaignId, d.amount);
        if (d.confirmer != address(0)) {
            // An organisation may not sign for its own delivery.
            if (_boundOrganisation(d.confirmer) == c.orgId) revert LedgerInvalidConfirmer(d.campaignId, d.confirmer);
            _confirmations[recordId] = Confirmation({confirmer: d.confirmer, orgId: c.orgId, confirmed: false});
        }
        emit DisbursementRecorded(
            recordId,
            d.campaignId,
            d.recipientCommitment,
            d.amount,
            d.purpose,
            d.evidenceHash,
            d.payee,
            d.confirmer,
            balanceAfter,
            _msgSender()
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

    function _pendingGrant(uint256 grantId) private view returns (Grant memory g) {
        GrantState state = _grantStates[grantId];
        if (state == GrantState.None) revert LedgerUnknownRecord(grantId);
        if (state != GrantState.Pending) revert LedgerAlreadySettled(grantId);
        g = _grants[grantId];
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

    // ================================================================ ERC-2771: the signer, not the relayer

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
