import pg from "pg";

/**
 * Renames the database behind `url` out of the way and creates an empty one under its name.
 * Used when the embedded local chain restarted empty: the old mirror is kept, not mixed.
 * Returns the archive's name.
 */
export async function archiveDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const archive = `${name}_before_${stamp}`;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await client.query(`ALTER DATABASE ${quote(name)} RENAME TO ${quote(archive)}`);
    await client.query(`CREATE DATABASE ${quote(name)}`);
  } finally {
    await client.end();
  }
  return archive;
}
