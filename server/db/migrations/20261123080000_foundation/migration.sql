-- The chain mirror: every row carries the block it came from, so a reorganisation
-- deletes everything above the common ancestor.
CREATE TABLE "indexer_cursor" (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "chain_id" BIGINT NOT NULL,
    "ledger_address" TEXT NOT NULL,
    "genesis_hash" TEXT NOT NULL,
    "deploy_block" BIGINT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_hash" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "indexer_cursor_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "chain_block" (
    "number" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "parent_hash" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(0) NOT NULL,
    CONSTRAINT "chain_block_pkey" PRIMARY KEY ("number")
);
CREATE UNIQUE INDEX "chain_block_hash_key" ON "chain_block"("hash");

CREATE TABLE "ledger_event" (
    "block_number" BIGINT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "block_hash" TEXT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "args" JSONB NOT NULL,
    CONSTRAINT "ledger_event_pkey" PRIMARY KEY ("block_number","log_index")
);
CREATE INDEX "ledger_event_tx_hash_log_index_idx" ON "ledger_event"("tx_hash", "log_index");

CREATE TABLE "organisation" (
    "id" BIGINT NOT NULL,
    "kind" SMALLINT NOT NULL,
    "registration_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "suspended_block" BIGINT,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "operator" (
    "org_id" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "operator_pkey" PRIMARY KEY ("org_id","address")
);
CREATE INDEX "operator_address_idx" ON "operator"("address");

CREATE TABLE "campaign" (
    "id" BIGINT NOT NULL,
    "org_id" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "target" DECIMAL(78,0) NOT NULL,
    "title" TEXT NOT NULL,
    "closed_block" BIGINT,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "campaign_org_id_idx" ON "campaign"("org_id");

CREATE TABLE "donation" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "channel" SMALLINT NOT NULL,
    "donor_commitment" TEXT NOT NULL,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "donation_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "donation_tx_hash_log_index_key" ON "donation"("tx_hash", "log_index");
CREATE INDEX "donation_campaign_id_record_id_idx" ON "donation"("campaign_id", "record_id");
CREATE INDEX "donation_block_number_idx" ON "donation"("block_number");

CREATE TABLE "disbursement" (
    "record_id" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "recipient_ref" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "purpose" SMALLINT NOT NULL,
    "evidence_hash" TEXT NOT NULL,
    "balance_after" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "disbursement_pkey" PRIMARY KEY ("record_id")
);
CREATE UNIQUE INDEX "disbursement_tx_hash_log_index_key" ON "disbursement"("tx_hash", "log_index");
CREATE INDEX "disbursement_campaign_id_record_id_idx" ON "disbursement"("campaign_id", "record_id");
CREATE INDEX "disbursement_block_number_idx" ON "disbursement"("block_number");

-- Off-chain state of the API.
CREATE TABLE "api_client" (
    "id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "organisation_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_client_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "client_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "organisation_id" BIGINT NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "tracking_code" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "nonce" BIGINT,
    "raw_tx" TEXT,
    "tx_hash" TEXT,
    "record_id" DECIMAL(78,0),
    "error" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "outbox_tracking_code_key" ON "outbox"("tracking_code");
CREATE UNIQUE INDEX "outbox_client_id_idempotency_key_key" ON "outbox"("client_id", "idempotency_key");
CREATE INDEX "outbox_status_id_idx" ON "outbox"("status", "id");
CREATE INDEX "outbox_tx_hash_idx" ON "outbox"("tx_hash");

-- Personal data, kept apart so it can be erased without touching the ledger.
CREATE TABLE "donor_link" (
    "outbox_id" BIGINT NOT NULL,
    "salt" TEXT NOT NULL,
    "donor_reference" TEXT NOT NULL,
    CONSTRAINT "donor_link_pkey" PRIMARY KEY ("outbox_id")
);
