import type { DatabaseProbe } from "../db/health.ts";
import type { VerificationStatus } from "../domain/verification.ts";
import type { PartStatus } from "../keep-running.ts";

export interface Health {
  /** "starting" until the chain, the database, the mirror (and the demo, when seeded) are ready. */
  status: "ok" | "degraded" | "starting";
  /** While starting: the step it is in. */
  step?: string;
  /** `held`: why no write is sent now (the node restarting, its journal unwritable); `process`: the embedded node, kept running. */
  chain: { head: string | null; error?: string; held?: string; process?: PartStatus };
  indexer: { indexedBlock: string | null; lag: string | null; error?: string };
  /** `process`: the embedded Postgres server, restarted when it dies. */
  database: { status: "ok" | "down"; error?: string; process?: PartStatus };
  /** When the mirror was last checked against the chain; a standing difference makes the system degraded. */
  verification: VerificationStatus;
}

/** Chain head, indexed head and database status, each probed on its own so one failure shows as such. */
export async function getHealth(options: {
  database: DatabaseProbe;
  chainHead: () => Promise<bigint>;
  indexer: () => { indexedBlock: bigint | undefined; error: string | undefined };
  verification: () => VerificationStatus;
  startup?: () => { ready: boolean; step: string };
  /** Why nothing is sent to the chain now, or undefined. */
  held?: () => string | undefined;
  /** The processes the system started and keeps running, by name ("chain", "database"). */
  parts?: () => Record<string, PartStatus>;
}): Promise<Health> {
  // The indexed block is taken before the head: the indexer may step while the head is asked, and a
  // later indexed block beside an earlier head would read as a mirror ahead of its chain.
  const indexer = options.indexer();
  const [head, database] = await Promise.all([
    options.chainHead().then(
      (h) => ({ head: h as bigint | null }),
      (e: Error) => ({ head: null, error: e.message }),
    ),
    options.database.ping().then(
      () => ({ status: "ok" as const }),
      (e: Error) => ({ status: "down" as const, error: e.message }),
    ),
  ]);
  const indexed = indexer.indexedBlock ?? null;
  const verification = options.verification();
  const held = options.held?.();
  const parts = options.parts?.() ?? {};
  const restarting = Object.values(parts).some((p) => p.status !== "running");
  const healthy = !held && !restarting && head.head !== null && database.status === "ok" && indexed !== null && !indexer.error && verification.state !== "differences";
  const startup = options.startup?.();
  return {
    status: startup && !startup.ready ? "starting" : healthy ? "ok" : "degraded",
    ...(startup && !startup.ready ? { step: startup.step } : {}),
    chain: {
      head: head.head?.toString() ?? null,
      ...("error" in head ? { error: head.error } : {}),
      ...(held ? { held } : {}),
      ...(parts.chain ? { process: parts.chain } : {}),
    },
    indexer: {
      indexedBlock: indexed?.toString() ?? null,
      lag: head.head !== null && indexed !== null ? (head.head - indexed).toString() : null,
      ...(indexer.error ? { error: indexer.error } : {}),
    },
    database: { ...database, ...(parts.database ? { process: parts.database } : {}) },
    verification,
  };
}
