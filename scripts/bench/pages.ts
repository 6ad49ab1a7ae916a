import { withBenchSystem } from "./bench-system.ts";
import { httpLoad } from "./http-load.ts";
import { LARGE, SMALL, seedRound } from "./tracing.ts";
import type { BenchGroup, Figure } from "./types.ts";

/** BENCH_PAGES_SCALE=0.1 writes a tenth of the large round (as BENCH_TRACING_SCALE does for tracing). */
const SCALE = Number(process.env.BENCH_PAGES_SCALE ?? 1);
const SECONDS = 5;

/**
 * The public campaign and organisation pages over a history of a million gifts (the tracing
 * group's shape): what a page costs read afresh (a new block, or the first reader), and how many
 * pages a second the server answers to 50 clients while the mirror stays at one block.
 */
export const pages: BenchGroup = {
  name: "pages",
  summary: "the public campaign and organisation pages over a million-gift history: a fresh read, and requests/s with 50 clients",
  async run(progress) {
    progress.start(4);
    return withBenchSystem(async (bench) => {
      const { system } = bench;
      const { getCampaignPage } = await import("../../server/services/get-campaign-page.ts");
      const { getOrganisationPage } = await import("../../server/services/get-organisation-page.ts");
      await seedRound(bench, SMALL, 1, "small");
      progress.tick("small round mirrored");
      const large = { ...LARGE, donations: Math.round(990_000 * SCALE), grants: Math.round(49_500 * SCALE), disbursements: Math.round(198_000 * SCALE), refunds: Math.round(990 * SCALE), confirmations: Math.round(1_980 * SCALE), organisations: Math.max(3, Math.round(197 * SCALE)) };
      await seedRound(bench, large, 2, "large");
      progress.tick("large round mirrored");
      // The campaign with the most gifts, and its organisation: the heaviest pages there are.
      const { rows } = await system.pool.query<{ campaign: string; org: string; donations: number }>(
        `SELECT d.campaign_id::text AS campaign, c.org_id::text AS org, count(*)::int AS donations
           FROM donation d JOIN campaign c ON c.id = d.campaign_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
      );
      const { campaign, org, donations } = rows[0]!;
      const { rows: total } = await system.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM donation`);
      const fresh = async (read: () => Promise<unknown>) => {
        const times: number[] = [];
        for (let i = 0; i < 20; i++) {
          const started = performance.now();
          await read();
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        return { p50: times[10]!, max: times[19]! };
      };
      const campaignFresh = await fresh(() => getCampaignPage({ stores: system.stores, campaignId: BigInt(campaign) }));
      const orgFresh = await fresh(() => getOrganisationPage({ stores: system.stores, orgId: BigInt(org) }));
      progress.tick("fresh reads timed");
      const load = async (path: string) => {
        const run = await httpLoad({ urls: [`${system.url}${path}`], connections: 50, seconds: SECONDS });
        if (run.failures > 0) throw new Error(`${path} failed ${run.failures} times: ${JSON.stringify(run.statuses)}`);
        return run;
      };
      const campaignLoad = await load(`/campaigns/${campaign}`);
      const orgLoad = await load(`/organisations/${org}`);
      const bytes = (await (await fetch(`${system.url}/campaigns/${campaign}`)).arrayBuffer()).byteLength;
      progress.tick("pages loaded");
      const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
      const history = `${total[0]!.n.toLocaleString("en")} donations; campaign ${campaign} has ${donations.toLocaleString("en")}`;
      return [
        { name: "pages.campaign.fresh_p50_ms", value: round(campaignFresh.p50), unit: `ms, read afresh (max ${round(campaignFresh.max)}); ${history}` },
        { name: "pages.organisation.fresh_p50_ms", value: round(orgFresh.p50), unit: `ms, read afresh (max ${round(orgFresh.max)})` },
        { name: "pages.campaign.rps", value: round(campaignLoad.rps, 0), unit: `requests/s, 50 clients, p50 ${round(campaignLoad.p50)} ms, p99 ${round(campaignLoad.p99)} ms` },
        { name: "pages.organisation.rps", value: round(orgLoad.rps, 0), unit: `requests/s, 50 clients, p50 ${round(orgLoad.p50)} ms, p99 ${round(orgLoad.p99)} ms` },
        { name: "pages.campaign.bytes", value: bytes, unit: "bytes of HTML" },
      ] satisfies Figure[];
    });
  },
};
