import { withBenchSystem } from "./bench-system.ts";
import type { BenchGroup, Figure } from "./types.ts";

const GIFTS = 200;

/**
 * Time from the API's 2xx answer for a donation to the gift showing as recorded on the ledger
 * at the public track endpoint, through the whole system, over 200 gifts sent one after another.
 */
export const latency: BenchGroup = {
  name: "latency",
  summary: `API 2xx → gift visible on /api/v1/track, over ${GIFTS} gifts through the whole system`,
  async run(progress) {
    progress.start(GIFTS + 1);
    return withBenchSystem(async ({ system, demo, token, post }) => {
      progress.tick("system started and seeded");
      const samples: number[] = [];
      for (let i = 0; i < GIFTS; i++) {
        const answer = await post(
          "/api/v1/donations",
          { campaignId: demo.foundation.campaignId.toString(), amount: String(1000 + i), channel: "alipay" },
          { authorization: `Bearer ${token}`, "idempotency-key": `bench-latency-${Date.now()}-${i}` },
        );
        const acknowledged = performance.now();
        for (;;) {
          const trace = await (await fetch(`${system.url}/api/v1/track/${answer.trackingCode}`)).json();
          if (trace.steps?.some((s: { kind: string }) => s.kind === "recorded")) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        samples.push(performance.now() - acknowledged);
        progress.tick(`gift ${i + 1}`);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]! * 10) / 10;
      return [
        { name: "latency.apiToTrace.p50_ms", value: at(0.5), unit: "ms" },
        { name: "latency.apiToTrace.p95_ms", value: at(0.95), unit: "ms" },
      ] satisfies Figure[];
    });
  },
};
