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
    /// @param recipientCommitment keyed commitment (HMAC) of the recipient's reference, never the reference itself
    /// @param evidenceHash SHA-256 of the evidence file (invoice, receipt, photo) kept off-chain
    /// @param payee where on-chain value is paid; must be zero for attested campaigns
    /// @param confirmer an address that may confirm delivery besides auditors; zero for auditors only
    struct DisbursementInput {
        uint64 campaignId;
        bytes32 recipientCommitment;
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

    /// @notice A registrar allowed `operator` to write for `orgId`. An address serves one organisation for good,
    /// so every record it ever authorised stays attributed to that organisation after the key is rotated.
    event OperatorAdded(uint64 indexed orgId, address indexed operator);

    /// @notice A registrar withdrew `operator`'s right to write for `orgId` (a key rotation, a leak).
    event OperatorRemoved(uint64 indexed orgId, address indexed operator);

    /// @notice A registrar suspended `orgId`: its operators cannot write and it receives nothing.
    event OrganisationSuspended(uint64 indexed orgId);

    /// @notice A registrar lifted the suspension of `orgId`.
    event OrganisationReinstated(uint64 indexed orgId);

    /// @notice A registrar recorded whether `orgId` holds the civil-affairs authority's public-fundraising
    /// qualification (公开募捐资格), which decides which annual spending rules apply to it. Each change is one event,
    /// so whether it held the status on any day is read from the history.
    event PublicFundraisingStatusChanged(uint64 indexed orgId, bool qualified);

    // ---------------------------------------------------------------- events: campaigns
    // `by` in every event below is the key that authorised it: an operator of the organisation the
    // record belongs to (also when a relayer sent the transaction on its behalf, see ERC-2771), an
    // auditor, or for on-chain gifts the giver's own address.

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
        string title,
        address by
    );

    /// @notice An operator closed a campaign: it takes no more donations or grants, and can still pay out.
    event CampaignClosed(uint64 indexed campaignId, uint64 indexed orgId, address by);

    /// @notice An operator changed the fundraising target of open campaign `campaignId`; `target` replaces the one
    /// {CampaignOpened} or an earlier change gave it.
    /// @param target fundraising target in minor units, 0 when none
    event CampaignTargetChanged(uint64 indexed campaignId, uint64 indexed orgId, uint256 target, address by);

    /// @notice An operator published a disclosure (信息公开) of the funds `campaignId` raised from `coversFrom` to
    /// `coversTo` (Unix seconds, inclusive); the document itself is kept off-chain and named by its SHA-256.
    /// @param documentHash SHA-256 of the published document
    /// @param isFinal the full disclosure after the drive ended, rather than an interim one (`final` is reserved in Solidity)
    event DisclosurePublished(
        uint64 indexed campaignId,
        uint64 indexed orgId,
        uint64 coversFrom,
        uint64 coversTo,
        bytes32 documentHash,
        bool isFinal,
        address by
    );

    // ---------------------------------------------------------------- events: money
    // Record ids come from one counter and follow execution order: no record can be written while
    // another call of this contract is running (every writer is guarded against re-entrancy).

    /// @notice `amount` entered `campaignId` as a donation. For on-chain assets, what arrived.
    /// @param donorCommitment keccak256 of a domain tag and the bits of the donor's tracking code: whoever
    /// holds the code can find this record on any copy of the chain; nobody else learns anything from it
    event DonationRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        bytes32 indexed donorCommitment,
        uint256 amount,
        Channel channel,
        uint256 balanceAfter,
        address by
    );

    /// @notice `amount` left `fromCampaignId` as a grant to another organisation's `toCampaignId` (same asset).
    /// It counts in the receiver's balance only once the receiver acknowledges it; refused, it flows back.
    event GrantMade(
        uint256 indexed recordId,
        uint64 indexed fromCampaignId,
        uint64 indexed toCampaignId,
        uint256 amount,
        bytes32 memoHash,
        uint256 fromBalanceAfter,
        address by
    );

    /// @notice The receiving organisation acknowledged grant `grantId`; its `amount` entered `toCampaignId`.
    event GrantAcknowledged(
        uint256 indexed recordId,
        uint256 indexed grantId,
        uint64 indexed toCampaignId,
        uint256 amount,
        uint256 toBalanceAfter,
        address by
    );

    /// @notice Grant `grantId` was refused by its receiver (or withdrawn by its sender before it was
    /// acknowledged); its `amount` flowed back into `fromCampaignId`.
    event GrantRefused(
        uint256 indexed recordId,
        uint256 indexed grantId,
        uint64 indexed fromCampaignId,
        uint256 amount,
        bytes32 reasonHash,
        uint256 fromBalanceAfter,
        address by
    );

    /// @notice `amount` left `campaignId` for a final recipient.
    /// @param recipientCommitment keyed commitment (HMAC) of the recipient's reference; the reference itself
    /// stays off-chain with the organisation and its regulators
    event DisbursementRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        bytes32 recipientCommitment,
        uint256 amount,
        Purpose purpose,
        bytes32 evidenceHash,
        address payee,
        address confirmer,
        uint256 balanceAfter,
        address by
    );

    /// @notice The disbursement's named confirmer or an auditor confirmed disbursement `disbursementId` arrived.
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
        uint256 balanceAfter,
        address by
    );

    /// @notice Record `correctedId` was corrected by `delta`. A negative delta leaves the campaign at once; a
    /// positive one waits for an auditor ({CorrectionApproved}), so `balanceAfter` is then unchanged.
    event RecordCorrected(
        uint256 indexed recordId,
        uint256 indexed correctedId,
        uint64 indexed campaignId,
        int256 delta,
        bytes32 reasonHash,
        uint256 balanceAfter,
        address by
    );

    /// @notice An auditor approved positive correction `correctionId`: its `amount` entered `campaignId`.
    event CorrectionApproved(
        uint256 indexed recordId,
        uint256 indexed correctionId,
        uint64 indexed campaignId,
        uint256 amount,
        uint256 balanceAfter,
        address by
    );

    // ---------------------------------------------------------------- errors

    /// @notice `account` is not an active operator of organisation `orgId`.
    error LedgerUnauthorizedOperator(uint64 orgId, address account);
    /// @notice `account` already holds `heldRole` (admin, registrar, auditor or operator); one address, one role.
    error LedgerRoleConflict(address account, bytes32 heldRole);
    /// @notice `operator` serves (or served) organisation `orgId` and can never write for another.
    error LedgerOperatorBound(address operator, uint64 orgId);
    /// @notice No organisation has id `orgId`.
    error LedgerUnknownOrganisation(uint64 orgId);
    /// @notice Organisation `orgId` is suspended.
    error LedgerOrganisationSuspended(uint64 orgId);
    /// @notice Organisation `orgId` is not suspended.
    error LedgerOrganisationNotSuspended(uint64 orgId);
    /// @notice Organisation `orgId`'s public-fundraising status already is `qualified`: a change must change something.
    error LedgerPublicFundraisingUnchanged(uint64 orgId, bool qualified);
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
    /// @notice `confirmer` may not be named for a disbursement from `campaignId`: it is an operator of the paying organisation.
    error LedgerInvalidConfirmer(uint64 campaignId, address confirmer);
    /// @notice No record has id `recordId` (or it is of another kind than the operation needs).
    error LedgerUnknownRecord(uint256 recordId);
    /// @notice Record `recordId` was already acknowledged, refused, approved or confirmed.
    error LedgerAlreadySettled(uint256 recordId);
    /// @notice `account` may not confirm disbursement `disbursementId`.
    error LedgerUnauthorizedConfirmer(uint256 disbursementId, address account);
    /// @notice Refund of `amount` exceeds the `refundable` part of on-chain donation `donationId`.
    error LedgerRefundTooLarge(uint256 donationId, uint256 refundable, uint256 amount);
    /// @notice Moving value to `to` failed.
    error LedgerPaymentFailed(address to, uint256 amount);
    /// @notice An empty batch.
    error LedgerEmptyBatch(uint256 length);
    /// @notice A disclosure of `campaignId` must cover `coversFrom` <= `coversTo` <= `blockTime`: no period that ends
    /// before it starts, and none that ends in the future.
    error LedgerInvalidDisclosurePeriod(uint64 campaignId, uint64 coversFrom, uint64 coversTo, uint256 blockTime);
    /// @notice A disclosure of `campaignId` names no document (a zero hash).
    error LedgerMissingDocument(uint64 campaignId);

    // ---------------------------------------------------------------- registrar

    /// @notice Registers an organisation. Registrar only.
    function registerOrganisation(OrganisationKind kind, bytes32 registrationNumber, string calldata name)
        external
        returns (uint64 orgId);

    /// @notice Allows `operator` to write for `orgId`. Registrar only. The operator holds no other role and
    /// serves no other organisation, now or later.
    function addOperator(uint64 orgId, address operator) external;

    /// @notice Withdraws `operator`'s right to write for `orgId`. Registrar only.
    function removeOperator(uint64 orgId, address operator) external;

    /// @notice Suspends `orgId`. Registrar only.
    function suspendOrganisation(uint64 orgId) external;

    /// @notice Lifts the suspension of `orgId`. Registrar only.
    function reinstateOrganisation(uint64 orgId) external;

    /// @notice Records whether `orgId` holds the public-fundraising qualification. Registrar only; allowed while the
    /// organisation is suspended (the qualification is the civil-affairs authority's, not the ledger's).
    function setPublicFundraising(uint64 orgId, bool qualified) external;

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

    /// @notice Sets the fundraising target of a campaign (0 for none). Operator of its organisation only, while
    /// the organisation is active and the campaign open: a closed campaign's target is final, so nobody can move
    /// the goal after the money stopped coming in. The target is not kept in storage; the event carries it.
    function setCampaignTarget(uint64 campaignId, uint256 target) external;

    /// @notice Publishes a disclosure of the funds a campaign raised over a period, by the SHA-256 of its document.
    /// Operator of the campaign's organisation only, while the organisation is active; the campaign may be open or
    /// closed (the full disclosure comes after the end). Nothing is kept in storage and no record id is made; the
    /// event carries it all.
    function publishDisclosure(uint64 campaignId, uint64 coversFrom, uint64 coversTo, bytes32 documentHash, bool isFinal)
        external;

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

    /// @notice Sends `amount` from a campaign of the caller's organisation towards another campaign holding the
    /// same asset; it counts there once acknowledged.
    function makeGrant(uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, bytes32 memoHash)
        external
        returns (uint256 recordId);

    /// @notice Acknowledges grant `grantId`, crediting the (open) receiving campaign. Operator of the receiving
    /// organisation only.
    function acknowledgeGrant(uint256 grantId) external returns (uint256 recordId);

    /// @notice Refuses grant `grantId` (an operator of the receiver) or withdraws it (an operator of the sender)
    /// while it is pending; the amount flows back to the sending campaign.
    function refuseGrant(uint256 grantId, bytes32 reasonHash) external returns (uint256 recordId);

    /// @notice Returns `amount` of donation `donationId` from `campaignId` to the donor. On-chain donations
    /// are paid back to the address they came from, at most what arrived.
    function refundDonation(uint256 donationId, uint64 campaignId, uint256 amount, bytes32 reasonHash)
        external
        returns (uint256 recordId);

    /// @notice Corrects record `correctedId` of an attested campaign by `delta`: a negative delta leaves the
    /// campaign at once, a positive one waits for an auditor's {approveCorrection}.
    function correctRecord(uint256 correctedId, uint64 campaignId, int256 delta, bytes32 reasonHash)
        external
        returns (uint256 recordId);

    // ---------------------------------------------------------------- anyone

    /// @notice Donates the native currency sent with the call to a native campaign.
    function donateNative(uint64 campaignId, bytes32 donorCommitment) external payable returns (uint256 recordId);

    /// @notice Donates `amount` of a token campaign's ERC-20 (approved beforehand); records what arrived.
    function donateToken(uint64 campaignId, uint256 amount, bytes32 donorCommitment) external returns (uint256 recordId);

    /// @notice Confirms disbursement `disbursementId` arrived. Its named confirmer (never an operator of the
    /// paying organisation) or an auditor only.
    function confirmDisbursement(uint256 disbursementId) external;

    /// @notice Attests record `recordId` after an audit. Auditor only; a record may be attested more than once.
    function attestRecord(uint256 recordId, bytes32 noteHash) external;

    /// @notice Approves positive correction `correctionId`, crediting its campaign. Auditor only.
    function approveCorrection(uint256 correctionId) external returns (uint256 recordId);

    // ---------------------------------------------------------------- views

    /// @notice A campaign's owner, asset, currency, open flag and balance.
    function campaign(uint64 campaignId)
        external
        view
        returns (uint64 orgId, Asset asset, bytes3 currency, address token, bool open, uint256 balance);

    /// @notice Whether `account` may write for `orgId` now.
    function isOperator(uint64 orgId, address account) external view returns (bool);

    /// @notice The organisation `account` serves or served as an operator (0 for none), and whether it may write now.
    function operatorOf(address account) external view returns (uint64 orgId, bool active);

    /// @notice A grant's campaigns, amount and state (0 none, 1 pending, 2 acknowledged, 3 refused).
    function grant(uint256 grantId)
        external
        view
        returns (uint64 fromCampaignId, uint64 toCampaignId, uint256 amount, uint8 state);

    /// @notice How many money records exist; ids run from 1 to this.
    function recordCount() external view returns (uint256);
}
