import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { findFreePort } from "../../server/net.ts";

const NO_LIMIT = String(1_000_000_000);

/** `npm start` as a terminal runs it: in a process group of its own, which Ctrl-C signals as a whole. */
function startInTerminal(dataDir: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    detached: true,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      CHAIN_PORT: "0",
      LOG_LEVEL: "warn",
      RPC_URL: "",
      DATABASE_URL: "",
      RATE_LIMIT_TOKEN: NO_LIMIT,
      RATE_LIMIT_WRITES: NO_LIMIT,
      RATE_LIMIT_READS: NO_LIMIT,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `probe` until it gives a value; a probe that throws ends the wait with its error. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/**
 * Starts `npm start` on a fresh DATA_DIR, lets `writers` clients record gifts, sends Ctrl-C and
 * times the stop; then starts it again and counts the acknowledged writes that did not reach the
 * chain (the promise: none).
 */
export async function measureStop(options: { dataDir: string; writers: number }): Promise<{ seconds: number; acknowledged: number; lost: number }> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const first = startInTerminal(options.dataDir, port);
  let current = first;
  const ready = async () => {
    if (current.child.exitCode !== null) throw new Error(`npm start exited early:\n${current.output().slice(-3_000)}`);
    return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200 ? true : undefined;
  };
  let stopped = false;
  try {
    await waitFor("npm start to be ready", ready);
    const [, clientId, secret] = await waitFor("the banner", () => /"client_id":"([^"]+)","client_secret":"([^"]+)"/.exec(first.output()) ?? undefined);
    const campaignId = /"campaignId":"(\d+)"/.exec(first.output())![1];
    const token = (await post(base, "/api/v1/auth/token", { client_id: clientId, client_secret: secret })).body.access_token as string;
    const auth = { authorization: `Bearer ${token}` };

    const acknowledged: string[] = [];
    let writing = true;
    let n = 0;
    const writers = Array.from({ length: options.writers }, async () => {
      while (writing) {
        try {
          const answer = await post(base, "/api/v1/donations", { campaignId, amount: "100", channel: "bank" }, { ...auth, "idempotency-key": `stop-bench-${process.pid}-${++n}` });
          if (answer.status === 202) acknowledged.push(answer.body.id);
        } catch {
          return; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const asked = performance.now();
    process.kill(-first.child.pid!, "SIGINT");
    await first.exited;
    const seconds = (performance.now() - asked) / 1000;
    stopped = true;
    writing = false;
    await Promise.all(writers);

    // Every acknowledged write must be on the chain after the next start.
    const second = startInTerminal(options.dataDir, port);
    current = second;
    try {
      await waitFor("the restart to be ready", ready);
      const again = (await post(base, "/api/v1/auth/token", { client_id: clientId, client_secret: secret })).body.access_token as string;
      const statusOf = async (id: string) => ((await (await fetch(`${base}/api/v1/writes/${id}`, { headers: { authorization: `Bearer ${again}` } })).json()) as { status: string }).status;
      const deadline = Date.now() + 120_000;
      let pending = [...acknowledged];
      while (pending.length > 0 && Date.now() < deadline) {
        const statuses = await Promise.all(pending.map(statusOf));
        pending = pending.filter((_, i) => statuses[i] !== "confirmed");
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
      }
      return { seconds, acknowledged: acknowledged.length, lost: pending.length };
    } finally {
      process.kill(-second.child.pid!, "SIGINT");
      await second.exited;
    }
  } finally {
    if (!stopped && first.child.exitCode === null) {
      process.kill(-first.child.pid!, "SIGKILL");
      await first.exited;
    }
  }
}
