import { expect } from "chai";
import pg from "pg";
import { applyMigrations } from "../../../server/db/migrate.ts";
import { rejection } from "../../support/http.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("database schema", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("agrees with the Prisma schema: every model reads every field from the migrated database", async function () {
    const db = t.system.db as unknown as Record<string, { findFirst(): Promise<unknown> }>;
    const models = ["indexerCursor", "chainBlock", "ledgerEvent", "organisation", "operator", "campaign", "campaignTarget", "publicFundraising", "disclosure", "donation", "disbursement", "grant", "grantSettlement", "refund", "correction", "correctionApproval", "apiClient", "accessLogEntry", "regulatorFlag", "complianceRule", "outboxEntry", "donorLink", "recipientReference", "evidenceContent", "evidenceUpload", "orgSigner", "recordFlag", "lot", "slice", "allocationShortfall", "flowDaily", "flowMonthly", "flowQuarterly", "regulatorSession"];
    for (const model of models) await db[model]!.findFirst();
    // Every table of the migrations is a Prisma model (plus Prisma's own history table).
    const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(rows[0].n).to.equal(models.length + 1);
  });

  it("holds every column the event descriptions give the mirror's row tables, with the type their kind says", async function () {
    const { ROW_TABLES, rowColumns } = await import("../../../server/indexer/insert-records.ts");
    const expected: Record<string, string> = { bigint: "bigint", numeric: "numeric", smallint: "smallint", text: "text", "char(3)": "character", boolean: "boolean", timestamptz: "timestamp with time zone" };
    const missing: string[] = [];
    for (const spec of ROW_TABLES) {
      for (const [column, sqlType] of rowColumns(spec)) {
        const { rows } = await t.system.pool.query(
          `SELECT data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`,
          [spec.table, column],
        );
        if (rows[0]?.data_type !== expected[sqlType]) missing.push(`${spec.table}.${column}: ${rows[0]?.data_type ?? "absent"}, want ${sqlType}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it("applies migrations once, and refuses a migration changed after it was applied", async function () {
    const pool = new pg.Pool({ connectionString: t.system.databaseUrl, max: 1 });
    try {
      expect(await applyMigrations(pool)).to.deep.equal([]);
      await pool.query(`UPDATE "_prisma_migrations" SET checksum = 'x' WHERE migration_name = '20261123080000_foundation'`);
      expect((await rejection(applyMigrations(pool))).message).to.match(/was changed after it was applied/);
    } finally {
      const { createHash } = await import("node:crypto");
      const { readFileSync } = await import("node:fs");
      const { MIGRATIONS_DIR } = await import("../../../server/db/migrate.ts");
      const sql = readFileSync(`${MIGRATIONS_DIR}/20261123080000_foundation/migration.sql`, "utf8");
      await pool.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = '20261123080000_foundation'`, [createHash("sha256").update(sql).digest("hex")]);
      await pool.end();
    }
  });
});
