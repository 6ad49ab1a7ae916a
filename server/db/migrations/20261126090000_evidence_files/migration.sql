-- Evidence files (invoices, receipts, photos) behind the SHA-256 a disbursement carries on-chain.
-- Only the hash goes on-chain; the file is kept here for its organisation and regulators, written
-- by server/db/evidence.ts alone.
--
-- The bytes live in Postgres (bytea), not on one server's disk: every API server in front of the
-- same database reads the same files, and a backup of the database (pg_dump, or the embedded one's
-- DATA_DIR) carries them together with the disbursements that cite them, from the same moment.
-- Evidence is small (LIMITS.evidenceBytes, 10 MiB) and written rarely, which Postgres holds well.

-- Each file once, under its own hash: the same bytes sent again, by any organisation, are not
-- stored again. The database refuses bytes whose hash is not their key.
CREATE TABLE "evidence_content" (
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evidence_content_pkey" PRIMARY KEY ("sha256"),
    CONSTRAINT "evidence_content_addressed" CHECK ("sha256" = '0x' || encode(sha256("content"), 'hex'))
);
-- PDFs and images are compressed already: stored out of line as they are, without a futile attempt
-- to compress them again.
ALTER TABLE "evidence_content" ALTER COLUMN "content" SET STORAGE EXTERNAL;

-- Which organisation uploaded which file, by which client, as what: an organisation and its
-- regulators read a file only through a row here. The first upload's media type and name stand.
CREATE TABLE "evidence_upload" (
    "sha256" TEXT NOT NULL,
    "org_id" BIGINT NOT NULL,
    "client_id" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "filename" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evidence_upload_pkey" PRIMARY KEY ("sha256", "org_id"),
    CONSTRAINT "evidence_upload_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "evidence_content"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE
);
