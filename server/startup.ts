import type { IncomingMessage, ServerResponse } from "node:http";

/** Where a starting system is: each step named as it begins, ready once all are done. */
export interface Startup {
  /** The step now under way while the system opens. */
  step(name: string): void;
  /** Everything is open and wired; from now on only the conditions waited for keep it from ready. */
  opened(): void;
  /** Marks a condition that must also hold before the system is ready (the demo seeded, the mirror caught up). */
  waitFor(name: string): () => void;
  status(): { ready: boolean; step: string };
}

export function createStartup(): Startup {
  let current = "opening the configuration";
  let opened = false;
  const pending = new Set<string>();
  return {
    step(name) {
      current = name;
    },
    opened() {
      opened = true;
    },
    waitFor(name) {
      pending.add(name);
      return () => pending.delete(name);
    },
    status() {
      if (!opened) return { ready: false, step: current };
      const waiting = [...pending];
      return waiting.length ? { ready: false, step: waiting.join("; ") } : { ready: true, step: "ready" };
    },
  };
}

/**
 * What the HTTP port answers before the app exists (the chain is being rebuilt, migrations run):
 * 503 with the step, as problem+json, so a load balancer or a person sees "starting", not a refused
 * connection or an "ok" before the data is there.
 */
export function startingHandler(startup: Startup) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const { step } = startup.status();
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Retry-After", "2");
    if (req.url?.split("?")[0] === "/health") {
      res.writeHead(503, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ status: "starting", step }));
      return;
    }
    res
      .writeHead(503, { "content-type": "application/problem+json" })
      .end(JSON.stringify({ type: "urn:donation-ledger:problem:starting", title: "Starting", status: 503, detail: `The ledger is starting: ${step}.` }));
  };
}
