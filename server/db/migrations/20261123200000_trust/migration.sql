-- The trust rules change the ledger contract and its events (issue 9): a mirror of the previous
-- contract cannot be read with the new one, and its outbox holds writes signed for it. Both start
-- again; the old chain is untouched and can still be mirrored by the version that wrote it.
TRUNCATE "indexer_cursor", "chain_block", "ledger_event", "organisation", "operator", "campaign", "donation",
  "disbursement", "grant", "refund", "correction", "outbox", "donor_link";

-- Every record names the key that authorised it (an operator of the record's organisation, an
-- auditor, or an on-chain giver); operators are bound to one organisation for good.
ALTER TABLE "campaign" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "donation" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "disbursement" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "grant" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "refund" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "correction" ADD COLUMN "authorised_by" TEXT NOT NULL;
ALTER TABLE "operator" ADD COLUMN "removed_block" BIGINT;

-- Donors are found by the commitment their tracking code derives; recipients appear only as a keyed commitment.
CREATE INDEX "donation_donor_commitment_idx" ON "donation"("donor_commitment");
ALTER TABLE "disbursement" RENAME COLUMN "recipient_ref" TO "recipient_commitment";
CREATE INDEX "disbursement_tx_hash_idx" ON "disbursement"("tx_hash");

-- A grant counts for the receiver once acknowledged; refused, it flows back to the sender.
ALTER TABLE "grant" DROP COLUMN "to_balance_after";
ALTER TABLE "grant" ADD COLUMN "refused_block" BIGINT;
ALTER TABLE "grant" ADD COLUMN "refused_by" TEXT;
CREATE TABLE "grant_settlement" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "grant_id" DECIMAL(78,0) NOT NULL,
    "outcome" TEXT NOT NULL CHECK ("outcome" IN ('acknowledged', 'refused')),
    "campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "reason_hash" TEXT,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "authorised_by" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "grant_settlement_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "grant_settlement_tx_hash_log_index_key" ON "grant_settlement"("tx_hash", "log_index");
CREATE INDEX "grant_settlement_grant_id_idx" ON "grant_settlement"("grant_id");
CREATE INDEX "grant_settlement_campaign_id_record_id_idx" ON "grant_settlement"("campaign_id", "record_id");
CREATE INDEX "grant_settlement_block_number_idx" ON "grant_settlement"("block_number");

-- A positive correction counts once an auditor approved it.
ALTER TABLE "correction" ADD COLUMN "approved_block" BIGINT;
CREATE TABLE "correction_approval" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "correction_id" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "authorised_by" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "correction_approval_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "correction_approval_tx_hash_log_index_key" ON "correction_approval"("tx_hash", "log_index");
CREATE INDEX "correction_approval_correction_id_idx" ON "correction_approval"("correction_id");
CREATE INDEX "correction_approval_campaign_id_record_id_idx" ON "correction_approval"("campaign_id", "record_id");
CREATE INDEX "correction_approval_block_number_idx" ON "correction_approval"("block_number");

-- The outbox keeps no tracking code (a bearer secret) and no record id: a write's record is found
-- in the mirror by its donor commitment or its transaction, so a reorganisation cannot misattribute it.
ALTER TABLE "outbox" DROP COLUMN "tracking_code";
ALTER TABLE "outbox" DROP COLUMN "record_id";
ALTER TABLE "outbox" ADD COLUMN "donor_commitment" TEXT;
CREATE UNIQUE INDEX "outbox_donor_commitment_key" ON "outbox"("donor_commitment");
-- Each organisation's writes go out from its own key, on its own nonce lane.
ALTER TABLE "outbox" ADD COLUMN "sender" TEXT;
-- Every transaction hash a write was sent under (a stuck transaction is replaced at its nonce with a higher fee).
ALTER TABLE "outbox" ADD COLUMN "tx_hashes" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "outbox" ADD COLUMN "block_number" BIGINT;
CREATE INDEX "outbox_in_flight_idx" ON "outbox"("campaign_id") WHERE "status" IN ('pending', 'submitted');
CREATE INDEX "outbox_confirmed_block_idx" ON "outbox"("campaign_id", "block_number") WHERE "status" = 'confirmed';

-- The donor link holds only the charity's reference; the commitment derives from the tracking code.
ALTER TABLE "donor_link" DROP COLUMN "salt";

-- The plain recipient reference, off-chain, for its organisation and regulators only.
CREATE TABLE "recipient_reference" (
    "org_id" BIGINT NOT NULL,
    "commitment" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "recipient_reference_pkey" PRIMARY KEY ("org_id", "commitment")
);

-- Operator keys the server holds for organisations, encrypted under the master key.
CREATE TABLE "org_signer" (
    "address" TEXT NOT NULL,
    "org_id" BIGINT NOT NULL,
    "encrypted_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),
    CONSTRAINT "org_signer_pkey" PRIMARY KEY ("address")
);
CREATE INDEX "org_signer_org_id_idx" ON "org_signer"("org_id");

-- Records whose references break the ledger's rules where the contract cannot check them cheaply
-- (an attested refund or correction citing a record of another kind, campaign or size; an auditor
-- confirming something that is not a disbursement). Written by the indexer, shown in public.
CREATE TABLE "record_flag" (
    "block_number" BIGINT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "record_id" DECIMAL(78,0) NOT NULL,
    "rule" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    CONSTRAINT "record_flag_pkey" PRIMARY KEY ("block_number", "log_index", "rule")
);
CREATE INDEX "record_flag_record_id_idx" ON "record_flag"("record_id");

-- A write an organisation signed itself (EIP-712) and the server only relays concerns the
-- organisation, not necessarily one campaign.
ALTER TABLE "outbox" ALTER COLUMN "campaign_id" DROP NOT NULL;
