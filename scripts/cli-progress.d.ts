// cli-progress ships no types and @types/cli-progress is not installed; this declares the part we use.
declare module "cli-progress" {
  export interface Options {
    format?: string;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    stream?: NodeJS.WritableStream;
  }
  export interface Preset {
    format?: string;
    barCompleteChar: string;
    barIncompleteChar: string;
  }
  export const Presets: Record<"legacy" | "shades_classic" | "shades_grey" | "rect", Preset>;
  export class SingleBar {
    constructor(options: Options, preset?: Preset);
    start(total: number, startValue: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    increment(step?: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
}
