import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Figure } from "./types.ts";

export type Results = Record<string, { value: number; unit: string }>;

/** `.bench/results.json` at the repository root, wherever the script is started from. */
export const resultsPath = fileURLToPath(new URL("../../.bench/results.json", import.meta.url));

async function readResults(path: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  // A file we cannot read holds other groups' figures: stop rather than overwrite them.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON; fix or delete it: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} should hold an object keyed by figure name; fix or delete it`);
  }
  return parsed as Results;
}

/** Merges `figures` over the figures already in the file, so running one group keeps the others'. */
export async function saveFigures(figures: readonly Figure[], path = resultsPath): Promise<void> {
  const merged = await readResults(path);
  for (const { name, value, unit } of figures) merged[name] = { value, unit };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  await mkdir(dirname(path), { recursive: true });
  // Write then rename, so an interrupted run never leaves half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
  await rename(temporary, path);
}
