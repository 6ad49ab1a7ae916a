import { Contract } from "ethers";
import { withBenchSystem, type BenchSystem } from "./bench-system.ts";
import { LARGE, SMALL, seedRound } from "./tracing.ts";
import type { BenchGroup, Figure } from "./types.ts";

/**
 * The regulators' tools on the history of the tracing group (a million donations among 200
 * organisations over two years of chain time, BENCH_TRACING_SCALE as there): compliance for every
 * organisation for one whole year, every organisation holding public-fundraising status so that
 * every rule is worked out.
 */
export const regulator: BenchGroup = {
  name: "regulator",
  summary: "compliance for all organisations for one year, on the tracing group's history of a million donations",
  async run(progress) {
    progress.start(4);
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
      progress.tick("done");
      const round = (n: number) => Math.round(n * 10) / 10;
      return [
        {
          name: "regulator.compliance.all_ms",
          value: round(compliance.median),
          unit: `ms, median of 5 (slowest ${round(compliance.slowest)}): ${organisations} organisations, year ${year}, ${compliance.results} results`,
        },
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
