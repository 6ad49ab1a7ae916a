import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { DataDirInUseError, lockDataDir } from "../../server/data-dir-lock.ts";

describe("one owner of DATA_DIR", function () {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ledger-lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("holds the owner's pid while locked and removes it on release", function () {
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "owner.lock"), "utf8")).to.equal(String(process.pid));
    release();
    expect(existsSync(path.join(dir, "owner.lock"))).to.equal(false);
  });

  it("refuses a second run while the owner lives, naming it and the way out", async function () {
    const owner = spawn("sleep", ["30"]);
    try {
      writeFileSync(path.join(dir, "owner.lock"), String(owner.pid));
      expect(() => lockDataDir(dir))
        .to.throw(DataDirInUseError)
        .with.property("message")
        .that.includes(`process ${owner.pid}`)
        .and.includes("owner.lock");
    } finally {
      owner.kill("SIGKILL");
      await new Promise((r) => owner.once("exit", r));
    }
  });

  it("takes over the lock of a run that died without releasing it, and says so", async function () {
    const dead = spawn("true");
    await new Promise((r) => dead.once("exit", r));
    writeFileSync(path.join(dir, "owner.lock"), String(dead.pid));
    const said: string[] = [];
    const release = lockDataDir(dir, (m) => said.push(m));
    expect(readFileSync(path.join(dir, "owner.lock"), "utf8")).to.equal(String(process.pid));
    expect(said.join()).to.contain(`process ${dead.pid}`);
    release();
  });
});
