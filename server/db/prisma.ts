import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { createPool } from "./pool.ts";

export type Db = PrismaClient;
export { Prisma } from "./generated/client.ts";

export function createPrisma(connectionString: string, onConnectionLost?: (error: Error) => void): PrismaClient {
  const pool = createPool(connectionString, { max: 10, ...(onConnectionLost ? { onConnectionLost } : {}) });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
