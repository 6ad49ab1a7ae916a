/**
 * A closed-loop HTTP load from a process of its own, so the load's own JavaScript is not counted
 * in the server's thread: `connections` clients, each sending its next request as soon as the last
 * answered, over keep-alive sockets, for `seconds`. URLs are taken round-robin from the list;
 * with `once`, each is asked once and the run ends when all are answered.
 * Input on stdin: one JSON object { urls, connections, seconds, once? } (ten thousand URLs are too
 * long for a command line). Prints one JSON line
 * { requests, seconds, rps, p50, p99, failures, statuses }.
 */
import http from "node:http";
import { text } from "node:stream/consumers";

const { urls, connections, seconds, once } = JSON.parse(await text(process.stdin)) as { urls: string[]; connections: number; seconds: number; once?: boolean };
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
let failures = 0;

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", () => resolve(0));
  });
}

const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < deadline && !(once && next >= urls.length)) {
      const url = urls[next++ % urls.length]!;
      const t = performance.now();
      const status = await get(url);
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 200) failures++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? 0;
agent.destroy();
process.stdout.write(JSON.stringify({ requests: latencies.length, seconds: elapsed, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failures, statuses }) + "\n");
