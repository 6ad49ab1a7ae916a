-- Regulators' signed-in sessions on the regulator pages (server/db/regulator-sessions.ts). Only the
-- SHA-256 of the session id is kept, so a copy of this table signs nobody in. Ended sessions are
-- kept, so who was signed in when stays on record.
CREATE TABLE "regulator_session" (
    "id_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "regulator_session_pkey" PRIMARY KEY ("id_hash")
);
CREATE INDEX "regulator_session_client_id_idx" ON "regulator_session"("client_id");
