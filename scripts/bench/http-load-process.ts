/**
 * A closed-loop HTTP load from a process of its own, so the load's own JavaScript is not counted
 * in the server's thread: `connections` clients, each sending its next request as soon as the last
 * answered, over keep-alive sockets, for `seconds`. GETs take `urls` round-robin; with `once`, each
 * is asked once and the run ends when all are answered. POSTs (`post`) send `count` requests to one
 * URL, `{i}` in the body and the header values standing for the request's number, and stop after
 * the last, after `warmup` untimed ones if asked. An answer other than `expect` (200 unless given) is a failure.
 * Input on stdin: one JSON object (ten thousand URLs are too long for a command line). Prints one
 * JSON line { requests, seconds, rps, p50, p99, failures, statuses }.
 */
import http from "node:http";
import { text } from "node:stream/consumers";

interface Post {
  url: string;
  headers: Record<string, string>;
  body: string;
  count: number;
}
const options = JSON.parse(await text(process.stdin)) as { urls?: string[]; post?: Post; connections: number; seconds: number; once?: boolean; warmup?: number; expect?: number };
const { connections, seconds, once } = options;
const expect = options.expect ?? 200;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
let failures = 0;

function send(i: number): Promise<number> {
  return new Promise((resolve) => {
    const done = (response: http.IncomingMessage) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    };
    if (!options.post) {
      const urls = options.urls!;
      http.get(urls[i % urls.length]!, { agent }, done).on("error", () => resolve(0));
      return;
    }
    const { url, headers, body } = options.post;
    const n = String(i);
    const payload = body.replaceAll("{i}", n);
    const request = http.request(url, {
      agent,
      method: "POST",
      headers: { ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replaceAll("{i}", n)])), "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
    }, done);
    request.on("error", () => resolve(0));
    request.end(payload);
  });
}

if (options.post && options.warmup) {
  // Untimed, and numbered below the measured requests so their idempotency keys differ.
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < options.warmup!) {
        const status = await send(next++);
        if (status !== expect) throw new Error(`a warm-up request was answered ${status}`);
      }
    }),
  );
}
const total = options.post ? options.post.count + next : once ? options.urls!.length : Infinity;
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < deadline && next < total) {
      const i = next++;
      const t = performance.now();
      const status = await send(i);
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== expect) failures++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? 0;
agent.destroy();
process.stdout.write(JSON.stringify({ requests: latencies.length, seconds: elapsed, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failures, statuses }) + "\n");
