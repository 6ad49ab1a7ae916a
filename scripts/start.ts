/**
 * `npm start`: runs the ledger (scripts/serve.ts) in a process group of its own and owns its
 * stopping. A terminal's Ctrl-C goes to the whole foreground group; here it reaches only this
 * supervisor, never the chain node or Postgres, which the system then stops in order. A second
 * Ctrl-C, or a stop that takes longer than 10 s, kills whatever of the group is left, and says so.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const FORCE_AFTER_MS = 10_000;
/** Signals this close together are one Ctrl-C (delivered by the terminal and relayed by npm or tsx). */
const SAME_SIGNAL_MS = 500;

const serve = fileURLToPath(new URL("./serve.ts", import.meta.url));
const system = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), serve], {
  detached: true,
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
let stopAskedAt = 0;
let forceTimer: NodeJS.Timeout | undefined;

function killGroup(): void {
  try {
    process.kill(-system.pid!, "SIGKILL");
  } catch {
    // nothing left
  }
}

function force(why: string): void {
  process.stderr.write(`\n  Forcing the stop (${why}): killing what is left of the ledger's processes.\n`);
  killGroup();
}

function onSignal(): void {
  const now = Date.now();
  if (!stopAskedAt) {
    stopAskedAt = now;
    process.stderr.write(`\n  Stopping… (Ctrl-C again to force)\n`);
    system.kill("SIGTERM");
    forceTimer = setTimeout(() => force(`not stopped after ${FORCE_AFTER_MS / 1000} s`), FORCE_AFTER_MS);
    return;
  }
  if (now - stopAskedAt < SAME_SIGNAL_MS) return;
  force("a second Ctrl-C");
}

process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("SIGHUP", onSignal);
system.once("exit", (code, signal) => {
  clearTimeout(forceTimer);
  killGroup(); // a part the system could not stop in time
  if (stopAskedAt) process.stderr.write(`  Stopped in ${((Date.now() - stopAskedAt) / 1000).toFixed(1)} s.\n`);
  else if (code !== 0) process.stderr.write(`  The ledger exited (${signal ?? `code ${code}`}).\n`);
  process.exit(code ?? 1);
});
