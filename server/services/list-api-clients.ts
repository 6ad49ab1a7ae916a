import type { ApiClientStore } from "../db/api-clients.ts";

export interface ApiClientSummary {
  clientId: string;
  role: string;
  organisationId: string | null;
  createdAt: string;
  /** When it was revoked; null while it works. */
  revokedAt: string | null;
}

/** Every API client, without its secret (only a hash is kept). */
export async function listApiClients(options: { apiClients: ApiClientStore }): Promise<ApiClientSummary[]> {
  const clients = await options.apiClients.list();
  return clients.map((c) => ({ clientId: c.id, role: c.role, organisationId: c.organisationId?.toString() ?? null, createdAt: c.createdAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null }));
}
