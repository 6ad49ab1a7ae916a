import type { Db } from "./prisma.ts";

/** The only writer of `api_client`: a charity's or regulator's credentials, the secret kept only as a hash. */
export interface ApiClientRecord {
  id: string;
  role: string;
  organisationId: bigint | null;
  secretHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** Set when the secret is rotated: what was granted with the old secret before it no longer counts. */
  tokensValidAfter: Date;
}

/** What a token's check needs of a client that changed since it was made: revoked, or rotated (tokens before `validAfter` no longer count). */
export interface ClientChange {
  id: string;
  revoked: boolean;
  validAfter: Date;
}

export interface ApiClientStore {
  /** A client, revoked or not. */
  find(id: string): Promise<ApiClientRecord | undefined>;
  /** Every client, revoked ones included, by id. */
  list(): Promise<ApiClientRecord[]>;
  create(client: { id: string; role: string; organisationId: bigint | null; secretHash: string }): Promise<void>;
  /** False when there is no such client. */
  rotate(id: string, secretHash: string): Promise<boolean>;
  /** Marks the client revoked (its row stays); false when there is no such client or it was revoked already. */
  revoke(id: string): Promise<boolean>;
  /** Every client revoked, or rotated since it was made: few, read whole every few seconds. */
  changes(): Promise<ClientChange[]>;
}

export function createApiClientStore(db: Db): ApiClientStore {
  return {
    async find(id) {
      return (await db.apiClient.findUnique({ where: { id } })) ?? undefined;
    },
    list: () => db.apiClient.findMany({ orderBy: { id: "asc" } }),
    async create(client) {
      await db.apiClient.create({ data: client });
    },
    async rotate(id, secretHash) {
      return (await db.apiClient.updateMany({ where: { id, revokedAt: null }, data: { secretHash, tokensValidAfter: new Date() } })).count > 0;
    },
    async revoke(id) {
      return (await db.apiClient.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } })).count > 0;
    },
    async changes() {
      const rows = await db.$queryRaw<{ id: string; revoked: boolean; valid_after: Date }[]>`
        SELECT id, revoked_at IS NOT NULL AS revoked, tokens_valid_after AS valid_after FROM api_client WHERE revoked_at IS NOT NULL OR tokens_valid_after > created_at`;
      return rows.map((r) => ({ id: r.id, revoked: r.revoked, validAfter: r.valid_after }));
    },
  };
}
