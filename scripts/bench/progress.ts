import { Presets, SingleBar } from "cli-progress";
import type { Progress } from "./types.ts";

/**
 * Progress for one group, on stderr so stdout stays the table. A terminal gets a bar; a log
 * (CI, a pipe) gets one line per step, since a redrawn bar would be noise there.
 */
export function createProgress(group: string): Progress & { stop(): void } {
  if (!process.stderr.isTTY) {
    let done = 0;
    let total = 0;
    return {
      start: (steps) => void (total = steps),
      tick: (label) => void process.stderr.write(`${group} ${++done}/${total} ${label}\n`),
      stop: () => {},
    };
  }
  const bar = new SingleBar({ format: `${group} [{bar}] {value}/{total} {step}`, hideCursor: true }, Presets.shades_classic);
  return {
    start: (steps) => bar.start(steps, 0, { step: "" }),
    tick: (label) => bar.increment(1, { step: label }),
    stop: () => bar.stop(),
  };
}
