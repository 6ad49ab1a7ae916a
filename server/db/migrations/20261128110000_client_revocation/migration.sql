-- A revoked client is kept, marked, never deleted: its id stays in the access log and the outbox,
-- so it is never given to another client; and its tokens stop working within seconds, not at expiry.
-- Tokens issued before `tokens_valid_after` (set when the secret is rotated) stop working too.
ALTER TABLE "api_client" ADD COLUMN "revoked_at" TIMESTAMPTZ(3);
ALTER TABLE "api_client" ADD COLUMN "tokens_valid_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "api_client" SET "tokens_valid_after" = "created_at";
