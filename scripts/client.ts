/**
 * `npm run client -- <command>`: API clients, for a charity organisation or a regulator.
 *
 *   create --org ID [--id NAME]           a charity client that writes for organisation ID
 *   create --role regulator --id NAME     a regulator client
 *   rotate --id NAME                      a new secret (the old one stops working)
 *   revoke --id NAME                      removes the client
 *   list                                  every client, without secrets
 *
 * A secret is printed once and stored only hashed. It works beside `npm start` (its database, from
 * DATA_DIR/endpoints.json) or on any database given by --database or DATABASE_URL.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiClientStore } from "../server/db/api-clients.ts";
import { createOrganisationReads } from "../server/db/organisations.ts";
import { createPrisma } from "../server/db/prisma.ts";
import { AppError } from "../server/domain/errors.ts";
import { createApiClient } from "../server/services/create-api-client.ts";
import { listApiClients } from "../server/services/list-api-clients.ts";
import { revokeApiClient } from "../server/services/revoke-api-client.ts";
import { rotateApiClient } from "../server/services/rotate-api-client.ts";

const USAGE = `Usage:
  npm run client -- create --org ID [--id NAME]
  npm run client -- create --role regulator --id NAME
  npm run client -- rotate --id NAME
  npm run client -- revoke --id NAME
  npm run client -- list
Options: --database URL (default DATABASE_URL, or the database of the \`npm start\` running on DATA_DIR), --json`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string" },
      role: { type: "string", default: "charity" },
      id: { type: "string" },
      database: { type: "string", default: process.env.DATABASE_URL },
      json: { type: "boolean", default: false },
    },
  });
  const command = positionals[0];
  if (!command || !["create", "rotate", "revoke", "list"].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const databaseUrl = values.database ?? localDatabase(process.env.DATA_DIR ?? ".data");
  if (!databaseUrl) {
    console.error("No database: start the system (npm start) or give --database URL.");
    return 2;
  }
  const db = createPrisma(databaseUrl);
  const apiClients = createApiClientStore(db);
  try {
    if (command === "list") {
      const clients = await listApiClients({ apiClients });
      if (values.json) console.log(JSON.stringify(clients, null, 2));
      else for (const c of clients) console.log(`${c.clientId.padEnd(28)} ${c.role.padEnd(10)} ${c.organisationId ? `organisation ${c.organisationId}` : ""}${c.revokedAt ? ` (revoked ${c.revokedAt})` : ""}`.trimEnd());
      return 0;
    }
    if (!values.id && command !== "create") {
      console.error(`${command} needs --id NAME.\n${USAGE}`);
      return 2;
    }
    if (command === "revoke") {
      await revokeApiClient({ apiClients, clientId: values.id! });
      console.log(`Client ${values.id} revoked: no new tokens, and the tokens it holds stop working within CLIENT_CHECK_SECONDS. Its id is kept, never reused.`);
      return 0;
    }
    let made: { clientId: string; secret: string };
    if (command === "rotate") made = await rotateApiClient({ apiClients, clientId: values.id! });
    else {
      if (values.role !== "charity" && values.role !== "regulator") {
        console.error(`--role is charity or regulator, not ${values.role}.`);
        return 2;
      }
      if (values.role === "charity" && !values.org) {
        console.error(`A charity client needs --org ID.\n${USAGE}`);
        return 2;
      }
      const organisationId = values.org ? parseId(values.org) : undefined;
      const clientId = values.id ?? `org-${organisationId}-${Date.now().toString(36)}`;
      made = await createApiClient({ apiClients, organisations: createOrganisationReads(db), clientId, role: values.role, ...(organisationId !== undefined ? { organisationId } : {}) });
    }
    if (values.json) console.log(JSON.stringify({ client_id: made.clientId, client_secret: made.secret }));
    else console.log(`client_id:     ${made.clientId}\nclient_secret: ${made.secret}\n(The secret is shown this once; it is stored only hashed.)`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

function parseId(text: string): bigint {
  if (!/^\d{1,19}$/.test(text)) throw new AppError("invalid-request", `--org takes an organisation id (digits), not ${text}.`);
  return BigInt(text);
}

function localDatabase(dataDir: string): string | undefined {
  const file = path.join(dataDir, "endpoints.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { databaseUrl: string }).databaseUrl : undefined;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const refused = /ECONNREFUSED/.test(String((error as Error).message) + String((error as { cause?: unknown }).cause ?? ""));
    console.error(refused ? "The database does not answer: is `npm start` running (or is --database right)?" : (error as Error).message);
    process.exit(1);
  },
);
