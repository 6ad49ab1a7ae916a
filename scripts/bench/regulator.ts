import { Contract } from "ethers";
import { withBenchSystem, type BenchSystem } from "./bench-system.ts";
import { LARGE, SMALL, seedRound } from "./tracing.ts";
import type { BenchGroup, Figure } from "./types.ts";

/**
 * The regulators' tools on the history of the tracing group (a million donations among 200
 * organisations over two years of chain time, BENCH_TRACING_SCALE as there): compliance for every
 * organisation for one whole year, every organisation holding public-fundraising status so that
 * every rule is worked out; the IATI export of the organisation with the most records, timed and
 * with the memory it took while streaming; and that organisation's annual report as HTML.
 */
export const regulator: BenchGroup = {
  name: "regulator",
  summary: "compliance for all organisations for one year, on the tracing group's history of a million donations",
  async run(progress) {
    progress.start(6);
    return withBenchSystem(async (bench) => {
      progress.tick("system started and seeded");
      await seedRound(bench, SMALL, 1, "small");
      const large = await seedRound(bench, LARGE, 2, "large");
      progress.tick(`${(SMALL.donations + LARGE.donations).toLocaleString("en")} donations mirrored`);
      const organisations = await qualifyAll(bench);
      // The last whole calendar year of the history.
      const year = new Date(large.chainTime.to * 1000).getUTCFullYear() - 1;
      const compliance = await timeCompliance(bench, year);
      progress.tick("compliance");
      const largest = await largestOrganisation(bench);
      const iati = await timeDownload(`${bench.system.url}/api/v1/organisations/${largest.id}/iati.xml`);
      progress.tick("IATI export");
      const report = await timeReport(`${bench.system.url}/reports/organisations/${largest.id}/${year}?lang=zh`);
      const round = (n: number) => Math.round(n * 10) / 10;
      return [
        {
          name: "regulator.compliance.all_ms",
          value: round(compliance.median),
          unit: `ms, median of 5 (slowest ${round(compliance.slowest)}): ${organisations} organisations, year ${year}, ${compliance.results} results`,
        },
        { name: "regulator.iati.export_ms", value: round(iati.ms), unit: `ms, organisation ${largest.id} (${largest.records.toLocaleString("en")} records): ${round(iati.bytes / 1048576)} MiB, first bytes after ${round(iati.firstByteMs)} ms` },
        { name: "regulator.report.html_ms", value: round(report.median), unit: `ms, median of 5 (slowest ${round(report.slowest)}, first ${round(report.first)}): organisation ${largest.id}'s annual report for ${year} as HTML, ${round(report.bytes / 1024)} KiB` },
        { name: "regulator.iati.peakRssMb", value: round(iati.peakRssMb), unit: `MiB resident at most while it streamed (${round(iati.growthMb)} MiB above the ${round(iati.baselineRssMb)} MiB before it)` },
      ] satisfies Figure[];
    });
  },
};

/** Gives every organisation public-fundraising status (the registrar's command, in nonce order). */
async function qualifyAll({ system }: BenchSystem): Promise<number> {
  const { loadLedgerArtifact } = await import("../../server/chain/ledger-artifact.ts");
  const ledger = new Contract(system.ledgerAddress, loadLedgerArtifact().abi, system.registrar!);
  const { rows } = await system.pool.query<{ id: string }>(
    `SELECT o.id::text FROM organisation o WHERE NOT coalesce((SELECT p.qualified FROM public_fundraising p WHERE p.org_id = o.id ORDER BY p.block_number DESC, p.log_index DESC LIMIT 1), false)`,
  );
  let last;
  for (const { id } of rows) last = await ledger.getFunction("setPublicFundraising")(BigInt(id), true);
  if (last) await system.indexer.waitForBlock(BigInt((await last.wait())!.blockNumber), 600_000);
  return Number((await system.pool.query(`SELECT count(*) FROM organisation`)).rows[0].count);
}

async function timeCompliance({ system }: BenchSystem, year: number) {
  const { checkCompliance } = await import("../../server/services/check-compliance.ts");
  const times: number[] = [];
  let results = 0;
  await checkCompliance({ compliance: system.stores.compliance, year }); // warm-up
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const report = await checkCompliance({ compliance: system.stores.compliance, year });
    times.push(performance.now() - started);
    results = report.organisations.reduce((n, o) => n + o.results.length, 0);
  }
  times.sort((a, b) => a - b);
  return { median: times[2]!, slowest: times[4]!, results };
}

/** The organisation with the most records (donations, payouts, grants sent) in its campaigns. */
async function largestOrganisation({ system }: BenchSystem): Promise<{ id: string; records: number }> {
  const { rows } = await system.pool.query<{ id: string; records: number }>(
    `SELECT c.org_id::text AS id, sum(n)::int AS records FROM (
        SELECT campaign_id, count(*) AS n FROM donation GROUP BY 1
        UNION ALL SELECT campaign_id, count(*) FROM disbursement GROUP BY 1
        UNION ALL SELECT from_campaign_id, count(*) FROM "grant" GROUP BY 1) r
       JOIN campaign c ON c.id = r.campaign_id GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  return rows[0]!;
}

/**
 * Reads a download to its end as a client would, timing it and sampling this process's resident
 * memory (the server runs in it) every 20 ms: a streamed export keeps it flat whatever the size.
 */
async function timeDownload(url: string) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += part.value.byteLength;
    }
  } finally {
    clearInterval(sampler);
  }
  const mb = (n: number) => n / 1048576;
  return { ms: performance.now() - started, firstByteMs, bytes, peakRssMb: mb(peak), baselineRssMb: mb(baseline), growthMb: mb(peak - baseline) };
}

/** The report page over HTTP: the first request (nothing warm), then five more. */
async function timeReport(url: string) {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url);
    const body = await response.text();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return { ms: performance.now() - started, bytes: Buffer.byteLength(body) };
  };
  const first = await once();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await once()).ms);
  times.sort((a, b) => a - b);
  return { first: first.ms, median: times[2]!, slowest: times[4]!, bytes: first.bytes };
}
