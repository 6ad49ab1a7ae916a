import { parseArgs } from "node:util";
import { groups, selectGroups, UnknownGroupError } from "./bench/groups.ts";
import { createProgress } from "./bench/progress.ts";
import { resultsPath, saveFigures } from "./bench/results.ts";
import { formatTable } from "./bench/table.ts";
import type { Figure } from "./bench/types.ts";

// Usage: npm run bench [-- <group>...]   Runs the named groups, or all of them.
const EXIT_USAGE = 2;

function usage(): string {
  const list = groups.map((g) => `  ${g.name.padEnd(12)} ${g.summary}`).join("\n");
  return `Usage: npm run bench [-- <group>...]\n\nGroups (all run when none is named):\n${list}\n`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(usage());
    return 0;
  }

  let selected;
  try {
    selected = selectGroups(positionals);
  } catch (error) {
    if (!(error instanceof UnknownGroupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }

  const figures: Figure[] = [];
  for (const group of selected) {
    const progress = createProgress(group.name);
    try {
      const measured = await group.run(progress);
      // The prefix keeps groups from overwriting each other's figures in the shared file.
      const stray = measured.filter((f) => !f.name.startsWith(`${group.name}.`));
      if (stray.length > 0) {
        throw new Error(`group ${group.name} returned figures outside its prefix: ${stray.map((f) => f.name).join(", ")}`);
      }
      figures.push(...measured);
    } finally {
      progress.stop();
    }
  }

  process.stdout.write(`${formatTable(figures)}\n`);
  await saveFigures(figures);
  process.stdout.write(`\nSaved to ${resultsPath}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
