/** One measured number, e.g. `{ name: "gas.donation.single", value: 27_000, unit: "gas" }`. */
export interface Figure {
  /** Starts with the group's name and a dot, so groups never overwrite each other's figures. */
  name: string;
  value: number;
  unit: string;
}

/** How a group reports where it is; long groups should use it, short ones may ignore it. */
export interface Progress {
  /** Announces how many steps the group will take. */
  start(total: number): void;
  /** Marks one step done; `label` names the step that just finished. */
  tick(label: string): void;
}

/** A set of related figures measured together. Register new groups in `groups.ts`. */
export interface BenchGroup {
  /** What the user types on the command line: `npm run bench -- <name>`. */
  name: string;
  /** One line for the help text. */
  summary: string;
  run(progress: Progress): Promise<Figure[]>;
}
