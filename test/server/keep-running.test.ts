import { expect } from "chai";
import pino from "pino";
import { keepRunning, type RunningPart } from "../../server/keep-running.ts";

/** A part whose exit the test decides. */
function fakePart(log: string[], name: string): RunningPart & { die(how: string): void } {
  let die!: (how: string) => void;
  const exited = new Promise<string>((resolve) => (die = resolve));
  return {
    exited,
    die,
    async stop() {
      log.push(`stop ${name}`);
      die("stopped");
    },
  };
}

const silent = pino({ level: "silent" });
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("keepRunning", function () {
  it("starts a part again when it exits unexpectedly, and says so in its status", async function () {
    const log: string[] = [];
    const parts: ReturnType<typeof fakePart>[] = [];
    const kept = await keepRunning({
      name: "part",
      start: async () => {
        const part = fakePart(log, `#${parts.length + 1}`);
        parts.push(part);
        return part;
      },
      onRestarted: () => void log.push("restarted"),
      logger: silent,
    });
    expect(kept.status()).to.include({ status: "running", restarts: 0 });
    parts[0]!.die("SIGKILL");
    await tick();
    expect(parts).to.have.length(2);
    expect(kept.current()).to.equal(parts[1]);
    expect(kept.status()).to.include({ status: "running", restarts: 1 });
    expect(kept.status().lastExit?.how).to.equal("SIGKILL");
    expect(log).to.deep.equal(["restarted"]);
    await kept.stop();
    expect(log).to.deep.equal(["restarted", "stop #2"]);
    expect(kept.status().status).to.equal("stopped");
  });

  it("keeps trying while the part cannot start, and stops one whose recovery failed before trying again", async function () {
    this.timeout(10_000);
    const log: string[] = [];
    let attempts = 0;
    let first: ReturnType<typeof fakePart> | undefined;
    const kept = await keepRunning({
      name: "part",
      start: async () => {
        attempts++;
        if (attempts === 2) throw new Error("port still taken");
        const part = fakePart(log, `#${attempts}`);
        first ??= part;
        return part;
      },
      onRestarted: () => {
        if (attempts === 3) throw new Error("rebuild failed");
      },
      logger: silent,
    });
    first!.die("exit code 1");
    await tick();
    expect(kept.status().status).to.equal("restarting");
    expect(kept.status().error).to.equal("port still taken");
    // 0.5 s, then 1 s: the third start's recovery fails and that part is stopped; the fourth holds.
    while (attempts < 4) await tick(50);
    await tick();
    expect(log).to.deep.equal(["stop #3"]);
    expect(kept.status()).to.include({ status: "running", restarts: 1 });
    await kept.stop();
  });

  it("leaves alone an exit that stopping caused, and stops at once while waiting to retry", async function () {
    const log: string[] = [];
    let attempts = 0;
    let part: ReturnType<typeof fakePart> | undefined;
    const kept = await keepRunning({
      name: "part",
      start: async () => {
        attempts++;
        if (attempts > 1) throw new Error("cannot start");
        return (part = fakePart(log, "#1"));
      },
      logger: silent,
    });
    part!.die("SIGKILL");
    await tick();
    const started = Date.now();
    await kept.stop();
    expect(Date.now() - started).to.be.below(400);
    expect(kept.status().status).to.equal("stopped");
  });
});
