-- The flow sums per calendar quarter too, keyed by the quarter's first day: the period regulators
-- ask for most, read as it is stored instead of summed from three months at every request.
-- Maintained with flow_daily and flow_monthly (server/indexer/aggregate-flows.ts); verify compares it.
CREATE TABLE "flow_quarterly" (
    "quarter" DATE NOT NULL,
    "campaign_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "counterpart" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "count" BIGINT NOT NULL,
    CONSTRAINT "flow_quarterly_pkey" PRIMARY KEY ("quarter", "campaign_id", "kind", "counterpart")
);
CREATE INDEX "flow_quarterly_campaign_id_quarter_idx" ON "flow_quarterly"("campaign_id", "quarter");

INSERT INTO "flow_quarterly" ("quarter", "campaign_id", "kind", "counterpart", "amount", "count")
SELECT date_trunc('quarter', "month")::date, "campaign_id", "kind", "counterpart", sum("amount"), sum("count")
  FROM "flow_monthly" GROUP BY 1, 2, 3, 4;
