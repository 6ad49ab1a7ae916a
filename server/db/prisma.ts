import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { createPool } from "./pool.ts";

export type Db = PrismaClient;
export { Prisma } from "./generated/client.ts";

/**
 * Prisma on the process's one pool (its owner ends it), or on a pool of its own for a command
 * that has none.
 */
export function createPrisma(poolOrUrl: pg.Pool | string, onConnectionLost?: (error: Error) => void): PrismaClient {
  if (typeof poolOrUrl !== "string") return new PrismaClient({ adapter: new PrismaPg(poolOrUrl, { disposeExternalPool: false }) });
  const pool = createPool(poolOrUrl, { max: 10, ...(onConnectionLost ? { onConnectionLost } : {}) });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
