// Runs after `npm install`: generates the Prisma client from server/db/schema.prisma.
// Prisma's CLI first tries to download a native schema engine, which `generate` never runs;
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download, so install
// needs nothing beyond the npm registry.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", "server/db/schema.prisma"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
if (result.status !== 0) {
  console.error("prisma generate failed; the server cannot start without its generated client.");
  process.exit(result.status ?? 1);
}
