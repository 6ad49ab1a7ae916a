import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

// Dependencies point one way: http → services → domain; indexer and submitter → chain, db, domain; chain and db
// never import indexer, services or http; domain imports nothing with I/O. Only the entry points
// (main.ts, open-system.ts) wire the parts. Type-only imports for the HTTP layer's dependency list
// (the database client's type, the relay check's type) are allowed; a value import is not.
const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server");
const ROOT_MODULES = new Set(["config", "keep-running", "logger", "master-key", "net", "package-root"]);

const ALLOWED: Record<string, { values: string[]; types?: string[] }> = {
  domain: { values: ["domain"] },
  db: { values: ["db", "domain", "root"] },
  chain: { values: ["chain", "domain", "root"] },
  indexer: { values: ["indexer", "chain", "db", "domain", "root"] },
  submitter: { values: ["submitter", "chain", "db", "domain", "root"] },
  services: { values: ["services", "chain", "db", "domain", "root"] },
  http: { values: ["http", "services", "domain", "root"], types: ["db", "chain"] },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "migrations") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

function layerOf(file: string): string {
  const relative = path.relative(SERVER, file).split(path.sep);
  if (relative.length === 1) return ROOT_MODULES.has(relative[0]!.replace(/\.tsx?$/, "")) ? "root" : "entry";
  return relative[0]!;
}

/** The imports of `file` (with its `text`) that point a way its layer may not. */
function violations(file: string, text: string): string[] {
  const from = layerOf(file);
  const rules = ALLOWED[from];
  if (!rules) return []; // the entry points may import anything
  const wrong: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = path.resolve(path.dirname(file), match[2]!);
    if (!target.startsWith(SERVER)) continue;
    const to = layerOf(target);
    const allowed = rules.values.includes(to) || (match[1] !== undefined && (rules.types ?? []).includes(to));
    if (!allowed) wrong.push(`${path.relative(SERVER, file)} imports ${path.relative(SERVER, target)} (${from} → ${to})`);
  }
  return wrong;
}

describe("layering", function () {
  it("keeps every import of server/ pointing the allowed way", function () {
    const wrong = sourceFiles(SERVER).flatMap((file) => violations(file, readFileSync(file, "utf8")));
    expect(wrong).to.deep.equal([]);
  });

  it("names an import that points the wrong way, and a value import where only a type may come", function () {
    const chainFile = path.join(SERVER, "chain/example.ts");
    expect(violations(chainFile, `import { fetchRange } from "../indexer/fetch-range.ts";\n`)).to.deep.equal([
      "chain/example.ts imports indexer/fetch-range.ts (chain → indexer)",
    ]);
    const httpFile = path.join(SERVER, "http/example.ts");
    expect(violations(httpFile, `import type { Db } from "../db/prisma.ts";\n`)).to.deep.equal([]);
    expect(violations(httpFile, `import { createPrisma } from "../db/prisma.ts";\n`)).to.have.length(1);
    expect(violations(path.join(SERVER, "domain/example.ts"), `import {\n  x,\n} from "../db/cursor.ts";\n`)).to.have.length(1);
  });
});
