import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The demo clients' secrets, kept in DATA_DIR/demo-credentials.json (readable by this user only)
 * so they stay the same across restarts; `npm start` prints where.
 */
export function demoCredentialsFile(dataDir: string): { file: string; get(clientId: string): string | undefined; set(clientId: string, secret: string): void } {
  const file = path.join(dataDir, "demo-credentials.json");
  const read = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {});
  return {
    file,
    get: (clientId) => read()[clientId],
    set(clientId, secret) {
      writeFileSync(file, JSON.stringify({ ...read(), [clientId]: secret }, null, 2) + "\n", { mode: 0o600 });
    },
  };
}
