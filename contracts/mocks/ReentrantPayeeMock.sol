// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ILedger} from "../ILedger.sol";

/// @title ReentrantPayeeMock
/// @notice A contract that receives the ledger's payouts (as a disbursement payee or as the donor
/// of an on-chain donation being refunded) and, when armed, tries to call the ledger again from
/// `receive`, while the ledger is still paying it. It reports the outcome of that call in
/// `ReentryAttempted` and accepts the payment, so a test sees both the payout and the refusal;
/// armed strictly, it instead refuses the payment, carrying the refusal's revert data.
/// A test makes it an operator, so only the ledger's re-entrancy guard can stop what it attempts.
contract ReentrantPayeeMock {
    /// @notice Which ledger call `receive` attempts.
    enum Reentry {
        None,
        Disbursement,
        Refund,
        Donation,
        RecordDonation
    }

    /// @notice `receive` tried to call the ledger; `reason` is the revert data when it failed.
    event ReentryAttempted(Reentry kind, bool succeeded, bytes reason);

    /// @notice This contract refuses payments (set by `setRejecting`).
    error ReentrantPayeeMockRejected(uint256 amount);

    /// @notice Armed strictly, the re-entry was refused with `reason`, so this contract refuses the payment.
    error ReentrantPayeeMockReentryRefused(Reentry kind, bytes reason);

    ILedger private immutable _LEDGER;
    Reentry private _reentry;
    bool private _rejecting;
    bool private _strict;
    ILedger.DisbursementInput private _disbursement;
    uint256 private _donationId;
    uint64 private _campaignId;
    uint256 private _amount;

    constructor(ILedger ledger) {
        _LEDGER = ledger;
    }

    /// @notice On the next payment, re-enter with `recordDisbursement(disbursement)`.
    function armDisbursement(ILedger.DisbursementInput calldata disbursement) external {
        _reentry = Reentry.Disbursement;
        _disbursement = disbursement;
    }

    /// @notice On the next payment, re-enter with `refundDonation(donationId, campaignId, amount, 0)`.
    function armRefund(uint256 donationId, uint64 campaignId, uint256 amount) external {
        _reentry = Reentry.Refund;
        _donationId = donationId;
        _campaignId = campaignId;
        _amount = amount;
    }

    /// @notice On the next payment, re-enter with `donateNative(campaignId, 0)`, passing on what arrived.
    function armDonation(uint64 campaignId) external {
        _reentry = Reentry.Donation;
        _campaignId = campaignId;
    }

    /// @notice On the next payment, re-enter with `recordDonation(campaignId, amount, Bank, 0)`, as an operator
    /// writing an attested donation while the ledger is paying it. With `strict`, a refused re-entry makes
    /// `receive` revert (carrying the refusal's data), so the payout fails; otherwise the refusal is only reported.
    function armRecordDonation(uint64 campaignId, uint256 amount, bool strict) external {
        _reentry = Reentry.RecordDonation;
        _campaignId = campaignId;
        _amount = amount;
        _strict = strict;
    }

    /// @notice Makes `receive` revert, so payouts to this contract fail.
    function setRejecting(bool rejecting) external {
        _rejecting = rejecting;
    }

    /// @notice Donates the value sent to native campaign `campaignId`, this contract being the donor.
    function donate(uint64 campaignId, bytes32 donorCommitment) external payable returns (uint256 recordId) {
        return _LEDGER.donateNative{value: msg.value}(campaignId, donorCommitment);
    }

    /// @notice Receives a payout and, when armed, re-enters the ledger once.
    receive() external payable {
        _onPayment();
    }

    function _onPayment() private {
        if (_rejecting) revert ReentrantPayeeMockRejected(msg.value);
        Reentry reentry = _reentry;
        if (reentry == Reentry.None) return;
        _reentry = Reentry.None;
        bool strict = _strict;
        _strict = false;
        bool succeeded;
        bytes memory reason;
        if (reentry == Reentry.Disbursement) {
            try _LEDGER.recordDisbursement(_disbursement) returns (uint256) {
                succeeded = true;
            } catch (bytes memory data) {
                reason = data;
            }
        } else if (reentry == Reentry.Refund) {
            try _LEDGER.refundDonation(_donationId, _campaignId, _amount, bytes32(0)) returns (uint256) {
                succeeded = true;
            } catch (bytes memory data) {
                reason = data;
            }
        } else if (reentry == Reentry.Donation) {
            try _LEDGER.donateNative{value: msg.value}(_campaignId, bytes32(0)) returns (uint256) {
                succeeded = true;
            } catch (bytes memory data) {
                reason = data;
            }
        } else {
            try _LEDGER.recordDonation(_campaignId, _amount, ILedger.Channel.Bank, bytes32(0)) returns (uint256) {
                succeeded = true;
            } catch (bytes memory data) {
                reason = data;
            }
        }
        if (!succeeded && strict) revert ReentrantPayeeMockReentryRefused(reentry, reason);
        emit ReentryAttempted(reentry, succeeded, reason);
    }
}
