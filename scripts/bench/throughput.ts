import { withBenchSystem } from "./bench-system.ts";
import type { BenchGroup, Figure } from "./types.ts";

const GIFTS = 2_000;
const CLIENTS = 32;

/**
 * The charity write path under load: 32 clients post 2,000 donations as fast as answers come.
 * Figures: donations the API accepts per second, and donations per second from the first
 * request until the last one is confirmed on-chain and in the mirror (batched by the submitter).
 */
export const throughput: BenchGroup = {
  name: "throughput",
  summary: `${GIFTS} donations from ${CLIENTS} concurrent clients: accepted/s and on-chain + mirrored/s`,
  async run(progress) {
    progress.start(3);
    return withBenchSystem(async ({ system, demo, token, post }) => {
      progress.tick("system started and seeded");
      const campaignId = demo.foundation.campaignId.toString();
      let next = 0;
      const ids: string[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = next++; i < GIFTS; i = next++) {
            const answer = await post(
              "/api/v1/donations",
              { campaignId, amount: String(100 + i), channel: "bank" },
              { authorization: `Bearer ${token}`, "idempotency-key": `bench-throughput-${started}-${i}` },
            );
            ids.push(answer.id);
          }
        }),
      );
      const accepted = performance.now();
      progress.tick(`${GIFTS} accepted`);
      const last = BigInt(ids.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b)));
      for (;;) {
        const open = await system.db.outboxEntry.count({ where: { id: { lte: last }, status: { in: ["pending", "submitted"] } } });
        if (open === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const head = BigInt(await system.provider.send("eth_blockNumber", []));
      await system.indexer.waitForBlock(head, 120_000);
      const mirrored = performance.now();
      progress.tick("all on-chain and mirrored");
      const perSecond = (ms: number) => Math.round((GIFTS / ms) * 1000);
      return [
        { name: "throughput.api.accepted_per_s", value: perSecond(accepted - started), unit: "donations/s" },
        { name: "throughput.endToEnd.mirrored_per_s", value: perSecond(mirrored - started), unit: "donations/s" },
      ] satisfies Figure[];
    });
  },
};
