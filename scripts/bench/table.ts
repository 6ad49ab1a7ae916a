import type { Figure } from "./types.ts";

/** A plain-text table of figures: name left-aligned, value right-aligned, then unit. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [
    ["figure", "value", "unit"],
    ...figures.map((f) => [f.name, f.value.toLocaleString("en-US", { maximumFractionDigits: 3 }), f.unit]),
  ];
  const width = (column: number) => Math.max(...rows.map((row) => row[column]!.length));
  const [nameWidth, valueWidth] = [width(0), width(1)];
  return rows
    .map(([name, value, unit]) => `${name!.padEnd(nameWidth)}  ${value!.padStart(valueWidth)}  ${unit}`)
    .join("\n");
}
