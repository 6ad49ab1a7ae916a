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

/** Runs http-load-process.ts (its own process) against `urls` and returns what it measured. */
export function httpLoad(options: { urls: string[]; connections: number; seconds: number; once?: boolean }): Promise<LoadResult> {
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
