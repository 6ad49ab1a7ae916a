import { stopTestSystem } from "./system.ts";

/** Mocha root hooks: the shared test system is stopped once, after every suite ran. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestSystem();
  },
};
