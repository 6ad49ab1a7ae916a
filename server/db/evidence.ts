import type pg from "pg";

/**
 * Evidence files in Postgres, the only writer of `evidence_content` (the bytes, once per SHA-256)
 * and `evidence_upload` (which organisation uploaded which file). Hashes are 0x and 64 lower-case
 * hex characters, as the mirror holds a disbursement's evidence hash.
 */

/** One organisation's upload of a file. */
export interface EvidenceUpload {
  sha256: string;
  orgId: bigint;
  clientId: string;
  mediaType: string;
  size: number;
  filename: string | null;
  createdAt: Date;
}

export interface EvidenceStore {
  /**
   * Keeps `content` under its hash (once: bytes another organisation sent before are not stored
   * again) and records this organisation's upload, in one statement. `created` is false when the
   * organisation had uploaded these bytes before; its first upload is answered, unchanged.
   */
  store(upload: Omit<EvidenceUpload, "createdAt">, content: Uint8Array): Promise<{ upload: EvidenceUpload; created: boolean }>;
  /**
   * A file with the upload it is read under: `orgId`'s own upload, or, with `orgId` undefined (a
   * regulator), the first upload of any organisation. Undefined when there is none.
   */
  read(sha256: string, orgId: bigint | undefined): Promise<{ upload: EvidenceUpload; content: Uint8Array } | undefined>;
}

interface UploadRow {
  sha256: string;
  org_id: string;
  client_id: string;
  media_type: string;
  size: number;
  filename: string | null;
  created_at: Date;
}

const COLUMNS = `sha256, org_id::text, client_id, media_type, size, filename, created_at`;

export function createEvidenceStore(pool: pg.Pool): EvidenceStore {
  const uploadOf = (row: UploadRow): EvidenceUpload => ({
    sha256: row.sha256,
    orgId: BigInt(row.org_id),
    clientId: row.client_id,
    mediaType: row.media_type,
    size: row.size,
    filename: row.filename,
    createdAt: row.created_at,
  });
  return {
    async store(upload, content) {
      // The content's row is inserted in the same statement, so the upload's foreign key finds it
      // (checked at the statement's end); two uploads of the same bytes at once store them once.
      const inserted = await pool.query<UploadRow>(
        `WITH content AS (
           INSERT INTO evidence_content (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING
         )
         INSERT INTO evidence_upload (sha256, org_id, client_id, media_type, size, filename)
         VALUES ($1, $3, $4, $5, $6, $7)
         ON CONFLICT (sha256, org_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [upload.sha256, Buffer.from(content.buffer, content.byteOffset, content.byteLength), upload.orgId.toString(), upload.clientId, upload.mediaType, upload.size, upload.filename],
      );
      if (inserted.rows[0]) return { upload: uploadOf(inserted.rows[0]), created: true };
      const existing = await pool.query<UploadRow>(`SELECT ${COLUMNS} FROM evidence_upload WHERE sha256 = $1 AND org_id = $2`, [upload.sha256, upload.orgId.toString()]);
      return { upload: uploadOf(existing.rows[0]!), created: false };
    },

    async read(sha256, orgId) {
      const { rows } = await pool.query<UploadRow & { content: Buffer }>(
        `SELECT u.sha256, u.org_id::text, u.client_id, u.media_type, u.size, u.filename, u.created_at, c.content
           FROM evidence_upload u JOIN evidence_content c ON c.sha256 = u.sha256
          WHERE u.sha256 = $1 AND ($2::bigint IS NULL OR u.org_id = $2::bigint)
          ORDER BY u.created_at, u.org_id
          LIMIT 1`,
        [sha256, orgId?.toString() ?? null],
      );
      const row = rows[0];
      return row ? { upload: uploadOf(row), content: row.content } : undefined;
    },
  };
}
