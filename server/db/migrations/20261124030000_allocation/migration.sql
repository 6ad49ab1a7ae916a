-- Allocation as rows: where every fen went, maintained by the indexer with the events
-- (server/domain/lots.ts has the rules). A lot is money a campaign holds, with the gift it came in
-- with (its origin); a slice is what a movement (grant, disbursement, refund, correction) took
-- from a lot. A grant's slices become lots of the receiving campaign when it is acknowledged.

CREATE TABLE "lot" (
    "record" DECIMAL(78,0) NOT NULL,
    "idx" INTEGER NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "origin" DECIMAL(78,0) NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "held" DECIMAL(78,0) NOT NULL,
    "from_movement" DECIMAL(78,0),
    "from_idx" INTEGER,
    "block_number" BIGINT NOT NULL,
    CONSTRAINT "lot_pkey" PRIMARY KEY ("record", "idx")
);
-- A campaign's queue: the oldest money it still holds, first.
CREATE INDEX "lot_open_idx" ON "lot"("campaign_id", "record", "idx") WHERE "held" > 0;
CREATE INDEX "lot_origin_idx" ON "lot"("origin");
CREATE INDEX "lot_block_number_idx" ON "lot"("block_number");

CREATE TABLE "slice" (
    "movement" DECIMAL(78,0) NOT NULL,
    "idx" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "lot_record" DECIMAL(78,0) NOT NULL,
    "lot_idx" INTEGER NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "origin" DECIMAL(78,0) NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    -- A grant's slice: the acknowledgement it arrived by, or the refusal it went back by.
    "settled_by" DECIMAL(78,0),
    "settled_how" TEXT,
    "settled_block" BIGINT,
    CONSTRAINT "slice_pkey" PRIMARY KEY ("movement", "idx")
);
CREATE INDEX "slice_origin_idx" ON "slice"("origin");
CREATE INDEX "slice_lot_idx" ON "slice"("lot_record", "lot_idx");
CREATE INDEX "slice_block_number_idx" ON "slice"("block_number");
CREATE INDEX "slice_settled_block_idx" ON "slice"("settled_block") WHERE "settled_block" IS NOT NULL;

-- A refund or bound correction that asked more of its gift than the gift held in the campaign.
CREATE TABLE "allocation_shortfall" (
    "movement" DECIMAL(78,0) NOT NULL,
    "origin" DECIMAL(78,0) NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    CONSTRAINT "allocation_shortfall_pkey" PRIMARY KEY ("movement", "origin")
);
CREATE INDEX "allocation_shortfall_block_number_idx" ON "allocation_shortfall"("block_number");
