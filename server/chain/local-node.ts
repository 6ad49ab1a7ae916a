import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findFreePort, isPortTaken } from "../net.ts";
import { packageRoot } from "../package-root.ts";
import { hardhatCli, PROJECT_ROOT } from "./ledger-artifact.ts";

export interface LocalNode {
  url: string;
  port: number;
  /** Settles when the node process has exited (how: its code or signal). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface LocalNodeOptions {
  /** Hardhat's node (the default) or anvil, which keeps its chain in `stateFile` itself. */
  kind?: "hardhat" | "anvil";
  /** anvil only: where it saves its chain (on exit, and every few seconds). */
  stateFile?: string;
  /** Preferred port; a free one is used when it is taken (unless `samePort`). */
  port: number;
  /** A restart: the node must come back on `port`, where everything already connects. */
  samePort?: boolean;
  /** Genesis time (seconds) so that a rebuilt chain has the same genesis block as before. */
  genesisTime?: number;
  /** Where the node's pid is kept, so a node left behind by a killed process is stopped next time. */
  pidFile?: string;
  log?: (message: string) => void;
}

/** Seconds between anvil's saves of its chain: what a kill -9 can lose (the outbox sends it again). */
const ANVIL_STATE_INTERVAL_S = 2;

/**
 * How anvil (1.7.1) is run, and why: each of these was measured feeding it 10,000 to 100,000 blocks
 * of one transaction each (`npm run bench -- operations`).
 *
 * - `--prune-history 64`: anvil keeps the state of the last 64 blocks, in memory only, for reads
 *   at past blocks (verify compares contract storage at the block its copy of the mirror reached).
 *   Each such state holds the hash of every block of the chain, so one state grows with the chain
 *   (about 130 bytes a block: 0.8 GB for 64 states at 100,000 blocks). Without the flag anvil
 *   keeps 500 states in memory, decreasing to 10, and writes up to 3,600 more under
 *   ~/.foundry/anvil/tmp, which it leaves there after it exits: 2.4 GB at 10,000 blocks.
 * - no `--preserve-historical-states`: it wrote those past states into every save, every 2 s (2.6 GB
 *   at 10,000 blocks, saved in 22 s and loaded in 41 s; past 30 s the stop kills anvil mid-write and
 *   the truncated file no longer loads). A restart therefore holds its head block's state only;
 *   verify compares at the mirror's block, which is the head once the indexer has caught up.
 * - `--hardfork cancun`, what the contracts are compiled for: from Prague on, every block writes
 *   its parent's hash into the EIP-2935 history contract (8,191 slots), whose storage trie anvil
 *   rebuilds in full for each block; mining fell from about 800 to about 100 blocks a second.
 *   A state saved under a later hardfork loads and goes on (checked: same hashes, past reads).
 */
const ANVIL_HISTORY_STATES = 64;
const ANVIL_HARDFORK = "cancun";

/** The anvil binary from the npm package `@foundry-rs/anvil-linux-amd64` (Linux x64). */
function anvilBinary(): string {
  return path.join(packageRoot("@foundry-rs/anvil-linux-amd64"), "bin", "anvil");
}

/**
 * Starts the local chain (chain id 31337, the usual dev accounts) as a child process bound to
 * loopback, and waits until it answers JSON-RPC: `hardhat node`, or anvil, which loads its chain
 * from `stateFile` and saves it there every ANVIL_STATE_INTERVAL_S seconds and on exit.
 */
export async function startLocalNode(options: LocalNodeOptions): Promise<LocalNode> {
  if (options.pidFile) stopLeftoverNode(options.pidFile, options.log);
  const taken = options.port !== 0 && (await isPortTaken(options.port));
  if (taken && options.samePort) throw new Error(`port ${options.port} is still taken; the local chain must come back on it`);
  const port = options.port === 0 || taken ? await findFreePort() : options.port;
  const anvil = options.kind === "anvil";
  const child = anvil
    ? spawn(
        anvilBinary(),
        [
          ...["--host", "127.0.0.1", "--port", String(port)],
          ...["--state", options.stateFile!, "--state-interval", String(ANVIL_STATE_INTERVAL_S)],
          ...["--prune-history", String(ANVIL_HISTORY_STATES), "--hardfork", ANVIL_HARDFORK, "--silent"],
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      )
    : spawn(process.execPath, [hardhatCli(), "node", "--network", "localLedger", "--hostname", "127.0.0.1", "--port", String(port)], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          ...(options.genesisTime ? { LEDGER_CHAIN_GENESIS_TIME: String(options.genesisTime) } : {}),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)));
  let output = "";
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(url, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  if (options.pidFile) writeFileSync(options.pidFile, String(child.pid));
  // Per-request logging costs throughput and nobody reads it here.
  await rpc(url, "hardhat_setLoggingEnabled", [false]).catch(() => {});
  child.stdout!.off("data", keep).resume();
  child.stderr!.off("data", keep).resume();
  return {
    url,
    port,
    exited,
    stop: async () => {
      // anvil writes its state on the way out: give it the time a large chain needs.
      await stopChild(child, anvil ? 30_000 : 5_000);
      if (options.pidFile) rmSync(options.pidFile, { force: true });
    },
  };
}

async function waitForRpc(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with code ${child.exitCode}:\n${output()}`);
    try {
      await rpc(url, "eth_chainId", []);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`hardhat node did not answer at ${url} within 60 s:\n${output()}`);
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  // Gone already: with a code, or (killed) with a signal and no code.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function stopLeftoverNode(pidFile: string, log?: (message: string) => void): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  // Only a process that is still our chain node: the pid may have been reused since.
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
  const ours = (cmdline.includes("hardhat") && cmdline.includes("localLedger")) || (cmdline.includes("anvil") && cmdline.includes("--state"));
  if (!ours) return;
  log?.(`A local chain node (pid ${pid}) from an earlier run was still running; stopping it.`);
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
