// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Transparent donation ledger
/// @notice The record of truth for organisations, campaigns and every movement of money:
/// donations, grants between organisations, disbursements, confirmations, refunds and
/// corrections. Every state change emits exactly one past-tense event carrying everything an
/// off-chain mirror needs, so the mirror never reads contract storage. No personal data is
/// stored or emitted: donors appear only as salted commitments, recipients as pseudonymous
/// references. Records are append-only; a correction is a new record referencing the old one.
interface ILedger {
    /// @notice How a donation reached the charity.
    enum Channel {
        Bank,
        Alipay,
        WeChatPay,
        Cash,
        OnChain
    }

    /// @notice What a disbursement paid for.
    enum Purpose {
        Programme,
        Administration,
        Fundraising
    }

    /// @notice What kind of body an organisation is.
    enum OrganisationKind {
        Charity,
        Foundation,
        Partner,
        Supplier
    }

    /// @notice What a campaign holds: fiat attested by the charity (recorded only), the chain's
    /// native currency, or an ERC-20 token (both held by this contract).
    enum Asset {
        Attested,
        Native,
        Token
    }

    /// @notice One donation of a batch (attested fiat).
    struct DonationInput {
        uint64 campaignId;
        uint256 amount;
        Channel channel;
        bytes32 donorCommitment;
    }

    /// @notice One disbursement, single or in a batch.
    /// @param recipientRef pseudonymous id of the recipient (supplier code, beneficiary number), never a name
    /// @param evidenceHash SHA-256 of the evidence file (invoice, receipt, photo) kept off-chain
    /// @param payee where on-chain value is paid; must be zero for attested campaigns
    /// @param confirmer an address that may confirm delivery besides auditors; zero for auditors only
    struct DisbursementInput {
        uint64 campaignId;
        bytes32 recipientRef;
        uint256 amount;
        Purpose purpose;
        bytes32 evidenceHash;
        address payee;
        address confirmer;
    }

    // ---------------------------------------------------------------- events: organisations

    /// @notice A registrar registered an organisation.
    /// @param registrationNumber official registration number (e.g. unified social credit code), ASCII, right-padded
    /// @param name the organisation's public name: a legal entity's, never a person's
    event OrganisationRegistered(uint64 indexed orgId, OrganisationKind kind, bytes32 registrationNumber, string name);

    /// @notice A registrar allowed `operator` to write for `orgId`.
    event OperatorAdded(uint64 indexed orgId, address indexed operator);

    /// @notice A registrar withdrew `operator`'s right to write for `orgId`.
    event OperatorRemoved(uint64 indexed orgId, address indexed operator);

    /// @notice A registrar suspended `orgId`: its operators cannot write and it receives nothing.
    event OrganisationSuspended(uint64 indexed orgId);

    /// @notice A registrar lifted the suspension of `orgId`.
    event OrganisationReinstated(uint64 indexed orgId);

    // ---------------------------------------------------------------- events: campaigns

    /// @notice An operator opened a campaign.
    /// @param currency ISO 4217 code for attested campaigns, zero otherwise
    /// @param token the ERC-20 held by a token campaign, zero otherwise
    /// @param target fundraising target in minor units, 0 when none
    event CampaignOpened(
        uint64 indexed campaignId,
        uint64 indexed orgId,
        Asset asset,
        bytes3 currency,
        address token,
        uint256 target,
        string title
    );

    /// @notice An operator closed a campaign: it takes no more donations or grants, and can still pay out.
    event CampaignClosed(uint64 indexed campaignId, uint64 indexed orgId);

    // ---------------------------------------------------------------- events: money

    /// @notice `amount` entered `campaignId` as a donation. For on-chain assets, what arrived.
    /// @param donorCommitment keccak256 of a secret salt and the donor's off-chain reference
    event DonationRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        uint256 amount,
        Channel channel,
        bytes32 donorCommitment,
        uint256 balanceAfter
    );

    /// @notice `amount` moved from one organisation's campaign to another's (same asset).
    event GrantMade(
        uint256 indexed recordId,
        uint64 indexed fromCampaignId,
        uint64 indexed toCampaignId,
        uint256 amount,
        bytes32 memoHash,
        uint256 fromBalanceAfter,
        uint256 toBalanceAfter
    );

    /// @notice The receiving organisation's operator acknowledged grant `grantId`.
    event GrantAcknowledged(uint256 indexed grantId, uint64 indexed toCampaignId, address by);

    /// @notice `amount` left `campaignId` for a final recipient.
    event DisbursementRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        bytes32 recipientRef,
        uint256 amount,
        Purpose purpose,
        bytes32 evidenceHash,
        address payee,
        address confirmer,
        uint256 balanceAfter
    );

    /// @notice The recipient or an auditor confirmed disbursement `disbursementId` arrived.
    event DisbursementConfirmed(uint256 indexed disbursementId, address by);

    /// @notice An auditor attested record `recordId`; `noteHash` is the hash of the audit note kept off-chain.
    event RecordAttested(uint256 indexed recordId, address indexed by, bytes32 noteHash);

    /// @notice `amount` of donation `donationId` went back to the donor.
    event DonationRefunded(
        uint256 indexed recordId,
        uint256 indexed donationId,
        uint64 indexed campaignId,
        uint256 amount,
        bytes32 reasonHash,
        uint256 balanceAfter
    );

    /// @notice Record `correctedId` was corrected: the campaign's balance moves by `delta`.
    event RecordCorrected(
        uint256 indexed recordId,
        uint256 indexed correctedId,
        uint64 indexed campaignId,
        int256 delta,
        bytes32 reasonHash,
        uint256 balanceAfter
    );

    // ---------------------------------------------------------------- errors

    /// @notice `account` is not an active operator of organisation `orgId`.
    error LedgerUnauthorizedOperator(uint64 orgId, address account);
    /// @notice No organisation has id `orgId`.
    error LedgerUnknownOrganisation(uint64 orgId);
    /// @notice Organisation `orgId` is suspended.
    error LedgerOrganisationSuspended(uint64 orgId);
    /// @notice Organisation `orgId` is not suspended.
    error LedgerOrganisationNotSuspended(uint64 orgId);
    /// @notice `operator` cannot be added to or removed from `orgId` (zero, already there, or absent).
    error LedgerInvalidOperator(uint64 orgId, address operator);
    /// @notice No campaign has id `campaignId`.
    error LedgerUnknownCampaign(uint64 campaignId);
    /// @notice Campaign `campaignId` is closed.
    error LedgerCampaignClosed(uint64 campaignId);
    /// @notice The asset description of a new campaign is inconsistent.
    error LedgerInvalidAsset(Asset asset, bytes3 currency, address token);
    /// @notice The operation needs a campaign holding `expected`, and `campaignId` holds another asset.
    error LedgerWrongAsset(uint64 campaignId, Asset expected);
    /// @notice A grant from campaign `campaignId` to itself.
    error LedgerSameCampaign(uint64 campaignId);
    /// @notice Campaigns `fromCampaignId` and `toCampaignId` hold different assets.
    error LedgerAssetMismatch(uint64 fromCampaignId, uint64 toCampaignId);
    /// @notice A zero amount for `campaignId`.
    error LedgerZeroAmount(uint64 campaignId);
    /// @notice `amount` does not fit a campaign balance (2^128 - 1 minor units).
    error LedgerAmountTooLarge(uint64 campaignId, uint256 amount);
    /// @notice Campaign `campaignId` holds `balance` and cannot pay out `needed`.
    error LedgerInsufficientBalance(uint64 campaignId, uint256 balance, uint256 needed);
    /// @notice Channel `channel` is not allowed here (on-chain donations arrive through donate functions only).
    error LedgerInvalidChannel(uint64 campaignId, Channel channel);
    /// @notice `payee` is not valid for a disbursement from `campaignId`.
    error LedgerInvalidPayee(uint64 campaignId, address payee);
    /// @notice No record has id `recordId` (or it is of another kind than the operation needs).
    error LedgerUnknownRecord(uint256 recordId);
    /// @notice Record `recordId` was already acknowledged or confirmed.
    error LedgerAlreadySettled(uint256 recordId);
    /// @notice `account` may not confirm disbursement `disbursementId`.
    error LedgerUnauthorizedConfirmer(uint256 disbursementId, address account);
    /// @notice Refund of `amount` exceeds the `refundable` part of on-chain donation `donationId`.
    error LedgerRefundTooLarge(uint256 donationId, uint256 refundable, uint256 amount);
    /// @notice Moving value to `to` failed.
    error LedgerPaymentFailed(address to, uint256 amount);
    /// @notice An empty batch.
    error LedgerEmptyBatch(uint256 length);

    // ---------------------------------------------------------------- registrar

    /// @notice Registers an organisation. Registrar only.
    function registerOrganisation(OrganisationKind kind, bytes32 registrationNumber, string calldata name)
        external
        returns (uint64 orgId);

    /// @notice Allows `operator` to write for `orgId`. Registrar only.
    function addOperator(uint64 orgId, address operator) external;

    /// @notice Withdraws `operator`'s right to write for `orgId`. Registrar only.
    function removeOperator(uint64 orgId, address operator) external;

    /// @notice Suspends `orgId`. Registrar only.
    function suspendOrganisation(uint64 orgId) external;

    /// @notice Lifts the suspension of `orgId`. Registrar only.
    function reinstateOrganisation(uint64 orgId) external;

    // ---------------------------------------------------------------- operators

    /// @notice Opens a campaign for `orgId`. Operator of `orgId` only.
    function openCampaign(
        uint64 orgId,
        Asset asset,
        bytes3 currency,
        address token,
        uint256 target,
        string calldata title
    ) external returns (uint64 campaignId);

    /// @notice Closes a campaign. Operator of its organisation only.
    function closeCampaign(uint64 campaignId) external;

    /// @notice Records an attested (fiat) donation. Operator of the campaign's organisation only.
    function recordDonation(uint64 campaignId, uint256 amount, Channel channel, bytes32 donorCommitment)
        external
        returns (uint256 recordId);

    /// @notice Records attested donations in one transaction; ids are consecutive from `firstRecordId`.
    function recordDonations(DonationInput[] calldata donations) external returns (uint256 firstRecordId);

    /// @notice Records money leaving a campaign; on-chain value is paid to `payee` after the books are updated.
    function recordDisbursement(DisbursementInput calldata disbursement) external returns (uint256 recordId);

    /// @notice Records disbursements in one transaction; ids are consecutive from `firstRecordId`.
    function recordDisbursements(DisbursementInput[] calldata disbursements) external returns (uint256 firstRecordId);

    /// @notice Moves `amount` from a campaign of the caller's organisation to another campaign holding the same asset.
    function makeGrant(uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, bytes32 memoHash)
        external
        returns (uint256 recordId);

    /// @notice Acknowledges receipt of grant `grantId`. Operator of the receiving organisation only.
    function acknowledgeGrant(uint256 grantId) external;

    /// @notice Returns `amount` of donation `donationId` from `campaignId` to the donor. On-chain donations
    /// are paid back to the address they came from, at most what arrived.
    function refundDonation(uint256 donationId, uint64 campaignId, uint256 amount, bytes32 reasonHash)
        external
        returns (uint256 recordId);

    /// @notice Corrects record `correctedId` of an attested campaign by moving its balance by `delta`.
    function correctRecord(uint256 correctedId, uint64 campaignId, int256 delta, bytes32 reasonHash)
        external
        returns (uint256 recordId);

    // ---------------------------------------------------------------- anyone

    /// @notice Donates the native currency sent with the call to a native campaign.
    function donateNative(uint64 campaignId, bytes32 donorCommitment) external payable returns (uint256 recordId);

    /// @notice Donates `amount` of a token campaign's ERC-20 (approved beforehand); records what arrived.
    function donateToken(uint64 campaignId, uint256 amount, bytes32 donorCommitment) external returns (uint256 recordId);

    /// @notice Confirms disbursement `disbursementId` arrived. Its confirmer or an auditor only.
    function confirmDisbursement(uint256 disbursementId) external;

    /// @notice Attests record `recordId` after an audit. Auditor only; a record may be attested more than once.
    function attestRecord(uint256 recordId, bytes32 noteHash) external;

    // ---------------------------------------------------------------- views

    /// @notice A campaign's owner, asset, currency, open flag and balance.
    function campaign(uint64 campaignId)
        external
        view
        returns (uint64 orgId, Asset asset, bytes3 currency, address token, bool open, uint256 balance);

    /// @notice Whether `account` may write for `orgId` now.
    function isOperator(uint64 orgId, address account) external view returns (bool);

    /// @notice How many money records exist; ids run from 1 to this.
    function recordCount() external view returns (uint256);
}
