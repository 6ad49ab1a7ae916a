import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  statuses: Record<string, number>;
}

export interface LoadOptions {
  /** GET these, round-robin. */
  urls?: string[];
  /** Or POST `count` requests to one URL; `{i}` in the body and header values is the request's number. */
  post?: { url: string; headers: Record<string, string>; body: string; count: number };
  connections: number;
  seconds: number;
  once?: boolean;
  /**
   * POSTs sent first and not measured (numbered before the measured ones), from the same process
   * over the same sockets: the measured run starts warm, as a server and client in service are.
   */
  warmup?: number;
  /** The status that counts as success (200 unless given). */
  expect?: number;
}

/** Runs http-load-process.ts (its own process) and returns what it measured. */
export function httpLoad(options: LoadOptions): Promise<LoadResult> {
  const script = fileURLToPath(new URL("./http-load-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), script], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(options));
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`the load generator failed (exit ${code})`))));
  });
}
