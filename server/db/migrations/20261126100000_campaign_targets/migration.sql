-- A campaign's fundraising target can change while it is open (CampaignTargetChanged). Each change
-- is a row here, keyed by where it came from on the chain like every event row, so a
-- reorganisation deletes the changes above the common ancestor with the rest; the campaign row
-- shows the newest target and the block of that change (`target_block`, null while the target is
-- the one it opened with), from which the indexer restores the previous target after a rollback.
CREATE TABLE "campaign_target" (
    "campaign_id" BIGINT NOT NULL,
    "org_id" BIGINT NOT NULL,
    "target" DECIMAL(78,0) NOT NULL,
    "authorised_by" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    CONSTRAINT "campaign_target_pkey" PRIMARY KEY ("block_number", "log_index")
);
CREATE INDEX "campaign_target_campaign_id_block_number_log_index_idx" ON "campaign_target"("campaign_id", "block_number", "log_index");

ALTER TABLE "campaign" ADD COLUMN "target_block" BIGINT;
