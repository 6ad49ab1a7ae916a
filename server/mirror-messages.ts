import type { VerificationStatus } from "./domain/verification.ts";
import type { IndexerStatus } from "./indexer/indexer.ts";

/** How far below the API the mirror process (and its embedded database backends) sit in the CPU queue. */
export const MIRROR_NICENESS = 10;

/** What the mirror process needs to run: it opens its own connections to the same chain and database. */
export interface MirrorSettings {
  rpcUrl: string;
  databaseUrl: string;
  ledgerAddress: string;
  confirmations: number;
  pollIntervalMs: number;
  verifyIntervalMs: number;
  logLevel: string;
  /**
   * The database server runs on this machine under this system's control (the embedded one): its
   * backends serving the mirror process may then be lowered in CPU priority like the process.
   */
  localDatabase: boolean;
}

/** From the server to the mirror process. */
export type ToMirror =
  | { type: "init"; settings: MirrorSettings }
  | { type: "poke" }
  | { type: "start-indexer" }
  | { type: "stop-indexer"; id: number }
  | { type: "check"; id: number }
  | { type: "close" };

/** From the mirror process to the server. */
export type FromMirror =
  | { type: "status"; indexer: IndexerStatus; verification: VerificationStatus }
  | { type: "fatal"; message: string }
  | { type: "rollback"; ancestor: bigint }
  | { type: "done"; id: number; verification?: VerificationStatus }
  | { type: "log"; line: string };
