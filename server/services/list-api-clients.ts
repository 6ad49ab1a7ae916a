import type { Db } from "../db/prisma.ts";

export interface ApiClientSummary {
  clientId: string;
  role: string;
  organisationId: string | null;
  createdAt: string;
}

/** Every API client, without its secret (only a hash is kept). */
export async function listApiClients(options: { db: Db }): Promise<ApiClientSummary[]> {
  const clients = await options.db.apiClient.findMany({ orderBy: { id: "asc" } });
  return clients.map((c) => ({ clientId: c.id, role: c.role, organisationId: c.organisationId?.toString() ?? null, createdAt: c.createdAt.toISOString() }));
}
