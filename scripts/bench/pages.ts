import { withBenchSystem, type BenchSystem } from "./bench-system.ts";
import { httpLoad, type LoadResult } from "./http-load.ts";
import { LARGE, SMALL, sample, seedRound } from "./tracing.ts";
import type { BenchGroup, Figure } from "./types.ts";

const CLIENTS = 50;
const SECONDS = 15;
const PAGES_SAMPLED = 2_000;

/**
 * The public pages people open, on the tracing group's history of a million donations (200
 * organisations, 2,000 campaigns; BENCH_TRACING_SCALE as there): the tracking page of a gift and
 * a campaign's page, each with 50 clients from a process of their own, in Chinese (the pages'
 * first language), after one pass over the sample so the server's caches hold what a visitor
 * who comes back would find. And the tracking page's size: the largest over the sample, which
 * includes gifts passed on across organisations (the longest pages). Besides: what the campaign
 * and organisation pages of the campaign with the most gifts cost read afresh (a new block, or
 * the first reader), and that organisation's page under the same load.
 */
export const pages: BenchGroup = {
  name: "pages",
  summary: "the tracking and campaign pages with 50 clients, and the tracking page's size, on the tracing group's history of a million donations",
  async run(progress) {
    progress.start(7);
    return withBenchSystem(async (bench) => {
      progress.tick("system started");
      const small = await seedRound(bench, SMALL, 1, "small");
      const large = await seedRound(bench, LARGE, 2, "large");
      progress.tick(`${(SMALL.donations + LARGE.donations).toLocaleString("en")} donations mirrored`);
      const codes = sample([...small.history.codes, ...large.history.codes], PAGES_SAMPLED);
      const trackUrls = codes.map((code) => `${bench.system.url}/track/${code}?lang=zh`);
      const bytes = await pageSizes(trackUrls);
      progress.tick("tracking page sizes");
      const track = await load(trackUrls, "tracking page");
      progress.tick("tracking page under load");
      const campaignUrls = (await campaignIds(bench)).map((id) => `${bench.system.url}/campaigns/${id}?lang=zh`);
      await load(campaignUrls, "campaign page", 1); // the first visit of each, not measured
      const campaign = await load(campaignUrls, "campaign page");
      progress.tick("campaign page under load");
      const heaviest = await heaviestCampaign(bench);
      const fresh = await freshReads(bench, heaviest);
      const organisation = await load([`${bench.system.url}/organisations/${heaviest.org}?lang=zh`], "organisation page");
      const campaignBytes = (await (await fetch(`${bench.system.url}/campaigns/${heaviest.campaign}?lang=zh`)).arrayBuffer()).byteLength;
      progress.tick("fresh reads and the organisation page");
      const round = (n: number) => Math.round(n);
      const tenth = (n: number) => Math.round(n * 10) / 10;
      return [
        { name: "pages.track.rps", value: round(track.rps), unit: `requests/s, ${CLIENTS} clients, ${codes.length} gifts' pages in Chinese (p50 ${track.p50.toFixed(1)} ms, p99 ${track.p99.toFixed(1)} ms)` },
        { name: "pages.track.bytes", value: bytes.largest, unit: `bytes, the largest of ${codes.length} tracking pages (median ${bytes.median}), HTML with its inline stylesheet` },
        { name: "pages.campaign.rps", value: round(campaign.rps), unit: `requests/s, ${CLIENTS} clients, ${campaignUrls.length} campaigns' pages in Chinese (p50 ${campaign.p50.toFixed(1)} ms, p99 ${campaign.p99.toFixed(1)} ms)` },
        { name: "pages.campaign.bytes", value: campaignBytes, unit: `bytes, the page of campaign ${heaviest.campaign} (${heaviest.donations.toLocaleString("en")} gifts, the most of any)` },
        { name: "pages.campaign.fresh_p50_ms", value: tenth(fresh.campaign.p50), unit: `ms, that campaign's page data read afresh (max ${tenth(fresh.campaign.max)} of 20)` },
        { name: "pages.organisation.fresh_p50_ms", value: tenth(fresh.organisation.p50), unit: `ms, its organisation's page data read afresh (max ${tenth(fresh.organisation.max)} of 20)` },
        { name: "pages.organisation.rps", value: round(organisation.rps), unit: `requests/s, ${CLIENTS} clients, organisation ${heaviest.org}'s page (p99 ${organisation.p99.toFixed(1)} ms)` },
      ] satisfies Figure[];
    });
  },
};

/** The campaign with the most gifts, and its organisation: the heaviest pages there are. */
async function heaviestCampaign({ system }: BenchSystem): Promise<{ campaign: string; org: string; donations: number }> {
  const { rows } = await system.pool.query<{ campaign: string; org: string; donations: number }>(
    `SELECT d.campaign_id::text AS campaign, c.org_id::text AS org, count(*)::int AS donations
       FROM donation d JOIN campaign c ON c.id = d.campaign_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
  );
  return rows[0]!;
}

/** Each page's data read 20 times straight from the database, no cache: what a new block costs its first reader. */
async function freshReads({ system }: BenchSystem, heaviest: { campaign: string; org: string }) {
  const { getCampaignPage } = await import("../../server/services/get-campaign-page.ts");
  const { getOrganisationPage } = await import("../../server/services/get-organisation-page.ts");
  const time = async (read: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await read();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: times[10]!, max: times[19]! };
  };
  return {
    campaign: await time(() => getCampaignPage({ stores: system.stores, campaignId: BigInt(heaviest.campaign) })),
    organisation: await time(() => getOrganisationPage({ stores: system.stores, orgId: BigInt(heaviest.org) })),
  };
}

/** Every campaign of the history (2,000 at full size). */
async function campaignIds({ system }: BenchSystem): Promise<string[]> {
  const { rows } = await system.pool.query<{ id: string }>(`SELECT id::text FROM campaign ORDER BY id`);
  return rows.map((r) => r.id);
}

/** Each page once, one after another: the size of what a phone downloads. */
async function pageSizes(urls: string[]): Promise<{ largest: number; median: number }> {
  const sizes: number[] = [];
  for (const url of urls) {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    sizes.push(body.length);
  }
  sizes.sort((a, b) => a - b);
  return { largest: sizes.at(-1)!, median: sizes[Math.floor(sizes.length / 2)]! };
}

/** The pages with 50 clients for 15 s (or once each), refusing a run with any failure. */
async function load(urls: string[], what: string, once?: 1): Promise<LoadResult> {
  const result = await httpLoad({ urls, connections: CLIENTS, seconds: once ? 600 : SECONDS, ...(once ? { once: true } : {}) });
  if (result.failures > 0) throw new Error(`the ${what} failed ${result.failures} times: ${JSON.stringify(result.statuses)}`);
  return result;
}
