import { gas } from "./gas.ts";
import { indexer } from "./indexer.ts";
import { latency } from "./latency.ts";
import { operations } from "./operations.ts";
import { pages } from "./pages.ts";
import { regulator } from "./regulator.ts";
import { throughput } from "./throughput.ts";
import { tracing } from "./tracing.ts";
import type { BenchGroup } from "./types.ts";

/** Every benchmark group, in the order `npm run bench` runs them when none is named. */
export const groups: readonly BenchGroup[] = [
  gas,
  latency,
  throughput,
  indexer,
  operations,
  tracing,
  regulator,
  pages,
];

export class UnknownGroupError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(
      `Unknown bench group${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. ` +
        `Known groups: ${groups.map((g) => g.name).join(", ")}.`,
    );
  }
}

/** The groups named on the command line, in registry order; all of them when none is named. */
export function selectGroups(names: readonly string[]): BenchGroup[] {
  const unknown = names.filter((name) => !groups.some((g) => g.name === name));
  if (unknown.length > 0) throw new UnknownGroupError(unknown);
  return names.length === 0 ? [...groups] : groups.filter((g) => names.includes(g.name));
}
