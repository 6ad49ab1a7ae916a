import { spawn } from "node:child_process";
import { hardhatCli, PROJECT_ROOT } from "../server/chain/ledger-artifact.ts";

/** Compiles the contracts with Hardhat (solc-js from npm; nothing is downloaded). Quiet when up to date. */
export function buildContracts(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCli(), "build", "--quiet"], { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`hardhat build exited with code ${code}`))));
  });
}
