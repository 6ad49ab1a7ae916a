-- Every read of restricted detail (plain recipient references, evidence files) by a regulator:
-- who, what, whose, when and why. Append-only and hash-chained: each entry's hash covers the one
-- before it, so `npm run verify` finds an entry removed or edited anywhere but at the very end.
CREATE TABLE "access_log" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "client_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "organisation_id" BIGINT,
    "resource" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("seq")
);
CREATE INDEX "access_log_organisation_id_seq_idx" ON "access_log"("organisation_id", "seq");

-- Refused outright rather than only detected afterwards: whoever changes the log must first
-- disable this trigger, which takes the table's owner, and verify still finds the change.
CREATE FUNCTION "access_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "access_log_append_only" BEFORE UPDATE OR DELETE ON "access_log"
  FOR EACH ROW EXECUTE FUNCTION "access_log_append_only"();
CREATE TRIGGER "access_log_no_truncate" BEFORE TRUNCATE ON "access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "access_log_append_only"();

-- A regulator's flag on an organisation or one of its records, with a note: off-chain; public
-- as a count, the note for regulators and that organisation. Cleared flags are kept.
CREATE TABLE "regulator_flag" (
    "id" BIGSERIAL NOT NULL,
    "organisation_id" BIGINT NOT NULL,
    "record_id" DECIMAL(78,0),
    "note" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleared_at" TIMESTAMPTZ(3),
    "cleared_by" TEXT,
    "clear_note" TEXT,

    CONSTRAINT "regulator_flag_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "regulator_flag_organisation_id_idx" ON "regulator_flag"("organisation_id");
CREATE INDEX "regulator_flag_record_id_idx" ON "regulator_flag"("record_id");
