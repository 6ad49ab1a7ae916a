-- The submitter sends consecutive writes of one kind in one transaction. A batch the chain
-- refused is retried one write per transaction, so each write gets its own answer.
ALTER TABLE "outbox" ADD COLUMN "solo" BOOLEAN NOT NULL DEFAULT false;
