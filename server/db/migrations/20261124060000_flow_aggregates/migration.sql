-- Money moved per campaign and UTC day, by kind and counterpart (server/domain/flows.ts has the
-- rules), and the same per month: what ledgers and the flow graph read instead of every record
-- (whole months from flow_monthly, the days of a month a range cuts from flow_daily). Maintained
-- by the indexer in the same transaction as the events (server/indexer/aggregate-flows.ts); verify
-- rebuilds both from the chain and compares them row by row.
CREATE TABLE "flow_daily" (
    "day" DATE NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    -- donation, grant_in, grant_returned, correction_in, grant_out, disbursement, refund,
    -- correction_out, grant_acknowledged, grant_refused
    "kind" TEXT NOT NULL,
    -- The channel, the purpose, the other campaign's id, or ''.
    "counterpart" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "count" BIGINT NOT NULL,
    CONSTRAINT "flow_daily_pkey" PRIMARY KEY ("day", "campaign_id", "kind", "counterpart")
);
-- A campaign's ledger: its sums over time.
CREATE INDEX "flow_daily_campaign_id_day_idx" ON "flow_daily"("campaign_id", "day");

-- The same sums per month, keyed by the month's first day.
CREATE TABLE "flow_monthly" (
    "month" DATE NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "counterpart" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "count" BIGINT NOT NULL,
    CONSTRAINT "flow_monthly_pkey" PRIMARY KEY ("month", "campaign_id", "kind", "counterpart")
);
CREATE INDEX "flow_monthly_campaign_id_month_idx" ON "flow_monthly"("campaign_id", "month");

-- The blocks of a period, by time: each period of a ledger says which blocks hold its records.
CREATE INDEX "chain_block_timestamp_number_idx" ON "chain_block"("timestamp", "number");
