import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

// Dependencies point one way: http → services → domain; indexer and submitter → chain, db, domain; chain and db
// never import indexer, services or http; domain imports nothing with I/O. Only the entry points
// (main.ts, open-system.ts) wire the parts. Type-only imports for the HTTP layer's dependency list
// (the database stores' types, the relay check's type) are allowed; a value import is not.
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

// One owner of the database: services and http see it only as db/ stores with plain signatures, never
// a Prisma or pg client, whether imported or named. The stores' own interfaces may be imported.
const CLIENT_LAYERS = new Set(["services", "http"]);
const CLIENT_NAMES = /\b(Db|PrismaClient|PoolClient|TransactionClient)\b|\bpg\.Pool\b/;
const CLIENT_MODULES = /^(?:pg|@prisma\/.*|.*\/db\/prisma\.ts|.*\/db\/generated(?:\/.*)?)$/;

/** The places in `file` (with its `text`) that name a database client where only stores may be. */
function databaseClients(file: string, text: string): string[] {
  if (!CLIENT_LAYERS.has(layerOf(file))) return [];
  const where = path.relative(SERVER, file);
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+[^;]*?from\s+"([^"]+)"/gms)) {
    if (CLIENT_MODULES.test(match[1]!)) found.push(`${where} imports ${match[1]}`);
  }
  for (const [i, line] of text.split("\n").entries()) {
    const name = CLIENT_NAMES.exec(line);
    if (name) found.push(`${where}:${i + 1} names ${name[0]}`);
  }
  return found;
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
    expect(violations(httpFile, `import type { Stores } from "../db/stores.ts";\n`)).to.deep.equal([]);
    expect(violations(httpFile, `import { createStores } from "../db/stores.ts";\n`)).to.have.length(1);
    expect(violations(path.join(SERVER, "domain/example.ts"), `import {\n  x,\n} from "../db/cursor.ts";\n`)).to.have.length(1);
  });

  it("keeps database clients out of services and http: they take db/ stores", function () {
    const found = sourceFiles(SERVER).flatMap((file) => databaseClients(file, readFileSync(file, "utf8")));
    expect(found).to.deep.equal([]);
  });

  it("names a database client in a service or a route, and lets a store's interface through", function () {
    const service = path.join(SERVER, "services/example.ts");
    expect(databaseClients(service, `import type { Db } from "../db/prisma.ts";\nexport function f(options: { db: Db }) {}\n`)).to.deep.equal([
      "services/example.ts imports ../db/prisma.ts",
      "services/example.ts:1 names Db",
      "services/example.ts:2 names Db",
    ]);
    expect(databaseClients(service, `import type pg from "pg";\nconst f = (pool: pg.Pool) => pool;\n`)).to.deep.equal([
      "services/example.ts imports pg",
      "services/example.ts:2 names pg.Pool",
    ]);
    expect(databaseClients(path.join(SERVER, "http/routes/example.ts"), `import type { PrismaClient } from "../../db/generated/client.ts";\n`)).to.have.length(2);
    expect(databaseClients(service, `import type { FlowStore } from "../db/flows.ts";\nexport function f(options: { flows: FlowStore }) {}\n`)).to.deep.equal([]);
    // The db layer itself holds the clients.
    expect(databaseClients(path.join(SERVER, "db/example.ts"), `import type pg from "pg";\nconst f = (pool: pg.Pool) => pool;\n`)).to.deep.equal([]);
  });
});
