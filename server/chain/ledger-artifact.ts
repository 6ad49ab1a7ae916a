import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Interface } from "ethers";
import { packageRoot } from "../package-root.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const LEDGER_ARTIFACT = path.join(ROOT, "artifacts/contracts/Ledger.sol/Ledger.json");

export interface LedgerArtifact {
  abi: Interface;
  bytecode: string;
}

let cached: LedgerArtifact | undefined;

/** The compiled Ledger contract (`hardhat build` writes it; `npm start` and `npm test` build first). */
export function loadLedgerArtifact(): LedgerArtifact {
  if (cached) return cached;
  if (!existsSync(LEDGER_ARTIFACT)) {
    throw new Error(`The Ledger contract is not compiled (${LEDGER_ARTIFACT} is missing). Run: npx hardhat build`);
  }
  const json = JSON.parse(readFileSync(LEDGER_ARTIFACT, "utf8")) as { abi: unknown[]; bytecode: string };
  cached = { abi: new Interface(json.abi as never), bytecode: json.bytecode };
  return cached;
}

export const PROJECT_ROOT = ROOT;

/** Hardhat's command-line entry (its package exports do not include the bin path). */
export function hardhatCli(): string {
  return path.join(packageRoot("hardhat"), "dist/src/cli.js");
}
