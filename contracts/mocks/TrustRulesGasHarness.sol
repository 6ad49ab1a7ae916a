// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILedger} from "../ILedger.sol";

/// @title TrustRulesGasHarness
/// @notice For the gas bench only (`scripts/bench/gas.ts`). The Ledger cannot switch its trust rules
/// off, so each rule is done here twice, with and without it, on the Ledger's own storage shapes and
/// events; the difference between the two measured calls is what the rule costs. A rule's two
/// variants share one external function chosen by a flag, so both pay the same selector dispatch
/// and only the rule tells them apart. Nothing here is access-controlled beyond what the measured
/// rule itself checks.
contract TrustRulesGasHarness is ReentrancyGuardTransient, ERC2771Context {
    // The Ledger's campaign slot, verbatim.
    struct Campaign {
        uint64 orgId;
        uint128 balance;
        bytes3 currency;
        bool open;
        ILedger.Asset asset;
    }

    enum GrantState {
        None,
        Pending,
        Acknowledged,
        Refused
    }

    // The Ledger's grant now, and before grants waited for the receiver.
    struct Grant {
        uint128 amount;
        uint64 fromCampaignId;
        uint64 toCampaignId;
    }

    struct CreditedGrant {
        uint64 toCampaignId;
        bool acknowledged;
    }

    // The Ledger's confirmation now (with the paying organisation), and before.
    struct Confirmation {
        address confirmer;
        uint64 orgId;
        bool confirmed;
    }

    struct UncheckedConfirmation {
        address confirmer;
        bool confirmed;
    }

    struct PendingCorrection {
        uint64 campaignId;
        uint128 amount;
        bool pending;
    }

    /// @notice A grant as it was before the acknowledgement rule: credited at once, both balances reported.
    event GrantCredited(
        uint256 indexed recordId,
        uint64 indexed fromCampaignId,
        uint64 indexed toCampaignId,
        uint256 amount,
        bytes32 memoHash,
        uint256 fromBalanceAfter,
        uint256 toBalanceAfter,
        address by
    );

    /// @notice {ILedger-DonationRecorded} without the authorising key.
    event DonationRecordedWithoutBy(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        bytes32 indexed donorCommitment,
        uint256 amount,
        ILedger.Channel channel,
        uint256 balanceAfter
    );

    /// @notice {ILedger-DonationRecorded} with the donor commitment in the data, as before it was indexed.
    event DonationRecordedUnindexed(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        uint256 amount,
        ILedger.Channel channel,
        bytes32 donorCommitment,
        uint256 balanceAfter,
        address by
    );

    /// @notice `account` is not an auditor of this harness.
    error TrustRulesGasHarnessNotAuditor(address account);

    // Non-zero from the start, so every measured write is non-zero over non-zero, as in the Ledger.
    uint256 private _counter = 1;
    address private _lastSender = address(1);
    uint256 private _recordCount = 1;

    mapping(address account => uint64 orgId) private _boundOrganisations;
    mapping(address account => bool) private _auditors;
    mapping(uint64 campaignId => Campaign) private _campaigns;
    mapping(uint256 grantId => Grant) private _grants;
    mapping(uint256 grantId => GrantState) private _grantStates;
    mapping(uint256 grantId => CreditedGrant) private _creditedGrants;
    mapping(uint256 disbursementId => Confirmation) private _confirmations;
    mapping(uint256 disbursementId => UncheckedConfirmation) private _uncheckedConfirmations;
    mapping(uint256 correctionId => PendingCorrection) private _pendingCorrections;

    constructor(address trustedForwarder) ERC2771Context(trustedForwarder) {}

    // ================================================================ set-up

    /// @notice Binds `account` to `orgId` as the Ledger binds an operator.
    function bind(address account, uint64 orgId) external {
        _boundOrganisations[account] = orgId;
    }

    /// @notice Makes `account` an auditor.
    function appointAuditor(address account) external {
        _auditors[account] = true;
    }

    /// @notice Opens attested campaign `campaignId` of `orgId` holding `balance`.
    function openCampaign(uint64 campaignId, uint64 orgId, uint128 balance) external {
        _campaigns[campaignId] =
            Campaign({orgId: orgId, balance: balance, currency: "CNY", open: true, asset: ILedger.Asset.Attested});
    }

    // ================================================================ every writer guarded

    /// @notice A write, under the re-entrancy guard when `guarded`.
    function touch(bool guarded) external {
        if (guarded) _touchGuarded();
        else ++_counter;
    }

    // ================================================================ the signer, not the relayer

    /// @notice Stores the caller: as `_msgSender()` sees it (ERC-2771) when `viaContext`, else `msg.sender`.
    function storeSender(bool viaContext) external {
        _lastSender = viaContext ? _msgSender() : msg.sender;
    }

    // ================================================================ event shapes

    /// @notice Emits {ILedger-DonationRecorded} as the Ledger does (shape 0: commitment indexed,
    /// authorising key last), without the authorising key (1), or with the commitment in the data (2).
    function emitDonation(
        uint8 shape,
        uint256 recordId,
        uint64 campaignId,
        bytes32 donorCommitment,
        uint256 amount,
        ILedger.Channel channel,
        uint256 balanceAfter
    ) external {
        if (shape == 0) {
            emit ILedger.DonationRecorded(recordId, campaignId, donorCommitment, amount, channel, balanceAfter, _msgSender());
        } else if (shape == 1) {
            emit DonationRecordedWithoutBy(recordId, campaignId, donorCommitment, amount, channel, balanceAfter);
        } else {
            emit DonationRecordedUnindexed(recordId, campaignId, amount, channel, donorCommitment, balanceAfter, _msgSender());
        }
    }

    // ================================================================ confirmers never of the paying organisation

    /// @notice Names `confirmer` for disbursement `id` of `orgId`; when `checked`, refusing one of its
    /// operators and keeping the paying organisation (the Ledger's rule), else as before the rule.
    function nameConfirmer(bool checked, uint256 id, address confirmer, uint64 orgId) external {
        if (checked) {
            if (_boundOrganisations[confirmer] == orgId) revert ILedger.LedgerInvalidConfirmer(0, confirmer);
            _confirmations[id] = Confirmation({confirmer: confirmer, orgId: orgId, confirmed: false});
        } else {
            _uncheckedConfirmations[id].confirmer = confirmer;
        }
    }

    /// @notice The named confirmer confirms; when `checked`, refused if it has since become an operator
    /// of the paying organisation (the Ledger's rule), else as before the rule.
    function confirm(bool checked, uint256 id) external {
        address sender = _msgSender();
        if (checked) {
            Confirmation storage c = _confirmations[id];
            bool named = c.confirmer != address(0) && sender == c.confirmer && _boundOrganisations[sender] != c.orgId;
            if (!named) revert ILedger.LedgerUnauthorizedConfirmer(id, sender);
            c.confirmed = true;
        } else {
            UncheckedConfirmation storage c = _uncheckedConfirmations[id];
            bool named = c.confirmer != address(0) && sender == c.confirmer;
            if (!named) revert ILedger.LedgerUnauthorizedConfirmer(id, sender);
            c.confirmed = true;
        }
    }

    // ================================================================ grants count once acknowledged

    /// @notice A grant that waits for the receiver when `pending` (the Ledger's makeGrant), else one
    /// credited at once, as before the rule.
    function grant(bool pending, uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, bytes32 memoHash)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        Campaign storage from = _operated(fromCampaignId);
        Campaign storage to = _open(toCampaignId);
        uint128 fromAfter = _debit(from, fromCampaignId, amount);
        recordId = ++_recordCount;
        if (pending) {
            _grants[recordId] =
                Grant({amount: uint128(amount), fromCampaignId: fromCampaignId, toCampaignId: toCampaignId});
            _grantStates[recordId] = GrantState.Pending;
            emit ILedger.GrantMade(recordId, fromCampaignId, toCampaignId, amount, memoHash, fromAfter, _msgSender());
        } else {
            uint128 toAfter = _credit(to, toCampaignId, amount);
            _creditedGrants[recordId] = CreditedGrant({toCampaignId: toCampaignId, acknowledged: false});
            emit GrantCredited(recordId, fromCampaignId, toCampaignId, amount, memoHash, fromAfter, toAfter, _msgSender());
        }
    }

    /// @notice The receiver acknowledges a pending grant (the Ledger's acknowledgeGrant).
    function acknowledge(uint256 grantId) external nonReentrant returns (uint256 recordId) {
        GrantState state = _grantStates[grantId];
        if (state != GrantState.Pending) revert ILedger.LedgerAlreadySettled(grantId);
        Grant memory g = _grants[grantId];
        Campaign storage to = _operated(g.toCampaignId);
        if (!to.open) revert ILedger.LedgerCampaignClosed(g.toCampaignId);
        uint128 toAfter = _credit(to, g.toCampaignId, g.amount);
        _grantStates[grantId] = GrantState.Acknowledged;
        recordId = ++_recordCount;
        emit ILedger.GrantAcknowledged(recordId, grantId, g.toCampaignId, g.amount, toAfter, _msgSender());
    }

    // ================================================================ positive corrections wait for an auditor

    /// @notice A positive correction left pending when `pending` (the Ledger's correctRecord), else
    /// credited at once, as before the rule.
    function correct(bool pending, uint256 correctedId, uint64 campaignId, int256 delta, bytes32 reasonHash)
        external
        nonReentrant
        returns (uint256 recordId)
    {
        Campaign storage c = _operated(campaignId);
        uint128 balanceAfter;
        if (pending) {
            balanceAfter = c.balance;
            recordId = ++_recordCount;
            _pendingCorrections[recordId] =
                PendingCorrection({campaignId: campaignId, amount: uint128(uint256(delta)), pending: true});
        } else {
            balanceAfter = _credit(c, campaignId, uint256(delta));
            recordId = ++_recordCount;
        }
        emit ILedger.RecordCorrected(recordId, correctedId, campaignId, delta, reasonHash, balanceAfter, _msgSender());
    }

    /// @notice An auditor approves a pending correction (the Ledger's approveCorrection).
    function approve(uint256 correctionId) external nonReentrant returns (uint256 recordId) {
        if (!_auditors[_msgSender()]) revert TrustRulesGasHarnessNotAuditor(_msgSender());
        PendingCorrection storage p = _pendingCorrections[correctionId];
        if (p.campaignId == 0) revert ILedger.LedgerUnknownRecord(correctionId);
        if (!p.pending) revert ILedger.LedgerAlreadySettled(correctionId);
        p.pending = false;
        uint128 balanceAfter = _credit(_campaigns[p.campaignId], p.campaignId, p.amount);
        recordId = ++_recordCount;
        emit ILedger.CorrectionApproved(recordId, correctionId, p.campaignId, p.amount, balanceAfter, _msgSender());
    }

    // ================================================================ internals

    function _touchGuarded() private nonReentrant {
        ++_counter;
    }

    function _operated(uint64 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        address sender = _msgSender();
        if (c.orgId == 0 || _boundOrganisations[sender] != c.orgId) {
            revert ILedger.LedgerUnauthorizedOperator(c.orgId, sender);
        }
    }

    function _open(uint64 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (!c.open) revert ILedger.LedgerCampaignClosed(campaignId);
    }

    function _credit(Campaign storage c, uint64 campaignId, uint256 amount) private returns (uint128 balanceAfter) {
        if (amount == 0 || amount > type(uint128).max - c.balance) revert ILedger.LedgerAmountTooLarge(campaignId, amount);
        balanceAfter = c.balance + uint128(amount);
        c.balance = balanceAfter;
    }

    function _debit(Campaign storage c, uint64 campaignId, uint256 amount) private returns (uint128 balanceAfter) {
        uint128 balance = c.balance;
        if (amount == 0 || amount > balance) revert ILedger.LedgerInsufficientBalance(campaignId, balance, amount);
        balanceAfter = balance - uint128(amount);
        c.balance = balanceAfter;
    }
}
