import type { Db } from "./prisma.ts";

/** Whether the database answers, for /health: through the client the reads use, so its pool is what is probed. */
export interface DatabaseProbe {
  ping(): Promise<void>;
}

export function createDatabaseProbe(db: Db): DatabaseProbe {
  return {
    async ping() {
      await db.$queryRaw`SELECT 1`;
    },
  };
}
