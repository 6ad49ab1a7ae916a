import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Interface } from "ethers";
import { packageRoot } from "../package-root.ts";
import type { WriteAbis } from "../domain/writes/write-kind.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const LEDGER_ARTIFACT = path.join(ROOT, "artifacts/contracts/Ledger.sol/Ledger.json");

export interface LedgerArtifact {
  abi: Interface;
  bytecode: string;
}

const cached = new Map<string, LedgerArtifact>();

/** The compiled Ledger contract (`hardhat build` writes it; `npm start` and `npm test` build first). */
export function loadLedgerArtifact(): LedgerArtifact {
  return loadArtifact("Ledger");
}

/** A compiled contract of contracts/ by name. */
export function loadArtifact(name: string): LedgerArtifact {
  const hit = cached.get(name);
  if (hit) return hit;
  const file = path.join(ROOT, `artifacts/contracts/${name}.sol/${name}.json`);
  if (!existsSync(file)) throw new Error(`The ${name} contract is not compiled (${file} is missing). Run: npx hardhat build`);
  const json = JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[]; bytecode: string };
  const artifact = { abi: new Interface(json.abi as never), bytecode: json.bytecode };
  cached.set(name, artifact);
  return artifact;
}

export const PROJECT_ROOT = ROOT;

/** Hardhat's command-line entry (its package exports do not include the bin path). */
export function hardhatCli(): string {
  return path.join(packageRoot("hardhat"), "dist/src/cli.js");
}

/** The ABIs the write kinds encode with (server/domain/writes). */
export function loadWriteAbis(): WriteAbis {
  return { ledger: loadArtifact("Ledger").abi, forwarder: loadArtifact("LedgerForwarder").abi };
}
