-- The full money model: assets, grants, refunds, corrections, confirmations, operator removal,
-- reinstatement. Derived flags keep the block that set them so a reorganisation can undo them.
ALTER TABLE "campaign" ADD COLUMN "asset" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "campaign" ADD COLUMN "token" TEXT;

ALTER TABLE "disbursement" ADD COLUMN "payee" TEXT;
ALTER TABLE "disbursement" ADD COLUMN "confirmer" TEXT;
ALTER TABLE "disbursement" ADD COLUMN "confirmed_block" BIGINT;
ALTER TABLE "disbursement" ADD COLUMN "confirmed_by" TEXT;

CREATE TABLE "grant" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "from_campaign_id" BIGINT NOT NULL,
    "to_campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "memo_hash" TEXT NOT NULL,
    "from_balance_after" DECIMAL(78,0) NOT NULL,
    "to_balance_after" DECIMAL(78,0) NOT NULL,
    "acknowledged_block" BIGINT,
    "acknowledged_by" TEXT,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "grant_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "grant_tx_hash_log_index_key" ON "grant"("tx_hash", "log_index");
CREATE INDEX "grant_from_campaign_id_record_id_idx" ON "grant"("from_campaign_id", "record_id");
CREATE INDEX "grant_to_campaign_id_record_id_idx" ON "grant"("to_campaign_id", "record_id");
CREATE INDEX "grant_block_number_idx" ON "grant"("block_number");

CREATE TABLE "refund" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "donation_id" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "reason_hash" TEXT NOT NULL,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "refund_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "refund_tx_hash_log_index_key" ON "refund"("tx_hash", "log_index");
CREATE INDEX "refund_donation_id_idx" ON "refund"("donation_id");
CREATE INDEX "refund_campaign_id_record_id_idx" ON "refund"("campaign_id", "record_id");
CREATE INDEX "refund_block_number_idx" ON "refund"("block_number");

CREATE TABLE "correction" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "corrected_id" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "delta" DECIMAL(78,0) NOT NULL,
    "reason_hash" TEXT NOT NULL,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "correction_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "correction_tx_hash_log_index_key" ON "correction"("tx_hash", "log_index");
CREATE INDEX "correction_corrected_id_idx" ON "correction"("corrected_id");
CREATE INDEX "correction_campaign_id_record_id_idx" ON "correction"("campaign_id", "record_id");
CREATE INDEX "correction_block_number_idx" ON "correction"("block_number");
