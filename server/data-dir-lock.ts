import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `${dataDir} is in use by another run of the ledger (process ${ownerPid}). Stop that one first ` +
        `(Ctrl-C in its terminal, or kill ${ownerPid}), or give this one its own DATA_DIR. If no run of ` +
        `the ledger is using it (process ${ownerPid} is something else since a reboot), delete ${path.join(dataDir, "owner.lock")}.`,
    );
    this.name = "DataDirInUseError";
  }
}

/**
 * Makes this process the one owner of DATA_DIR: its chain journal, embedded Postgres and keys
 * must never be driven by two runs at once (two journals appended to one file fork the chain).
 * The lock file holds the owner's pid; a lock whose process is gone is taken over. Returns the
 * release function.
 */
export function lockDataDir(dataDir: string, log?: (message: string) => void): () => void {
  const file = path.join(dataDir, "owner.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (existsSync(file) && readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
      log?.(`Taking over ${file}: the run that held it (process ${owner || "unknown"}) is gone.`);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
