-- Issue 14: two facts regulators' compliance checks read from the ledger.
--
-- public_fundraising: each change of an organisation's public-fundraising status (公开募捐资格,
-- PublicFundraisingStatusChanged) with the block's time. The contract refuses a change that changes
-- nothing, so an organisation's newest row is its status now and when it began; whether it held the
-- status during a year is read from its rows. Keyed by chain position like every event row, so a
-- reorganisation deletes the changes above the common ancestor and nothing else needs re-deriving.
CREATE TABLE "public_fundraising" (
    "org_id" BIGINT NOT NULL,
    "qualified" BOOLEAN NOT NULL,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    CONSTRAINT "public_fundraising_pkey" PRIMARY KEY ("block_number", "log_index")
);
CREATE INDEX "public_fundraising_org_id_block_number_log_index_idx" ON "public_fundraising"("org_id", "block_number", "log_index");

-- disclosure: each disclosure (信息公开) of a campaign's funds over a period (DisclosurePublished), the
-- period's bounds as the event gives them, the published document's SHA-256, and the block's time,
-- which is when it was published. A corrected document is a new row, never an edit.
CREATE TABLE "disclosure" (
    "campaign_id" BIGINT NOT NULL,
    "org_id" BIGINT NOT NULL,
    "covers_from" TIMESTAMPTZ(0) NOT NULL,
    "covers_to" TIMESTAMPTZ(0) NOT NULL,
    "document_hash" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL,
    "authorised_by" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "block_time" TIMESTAMPTZ(0) NOT NULL,
    CONSTRAINT "disclosure_pkey" PRIMARY KEY ("block_number", "log_index")
);
CREATE INDEX "disclosure_campaign_id_block_number_log_index_idx" ON "disclosure"("campaign_id", "block_number", "log_index");
