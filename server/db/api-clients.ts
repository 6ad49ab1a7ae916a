import type { Db } from "./prisma.ts";

/** The only writer of `api_client`: a charity's or regulator's credentials, the secret kept only as a hash. */
export interface ApiClientRecord {
  id: string;
  role: string;
  organisationId: bigint | null;
  secretHash: string;
  createdAt: Date;
}

export interface ApiClientStore {
  find(id: string): Promise<ApiClientRecord | undefined>;
  /** Every client, by id. */
  list(): Promise<ApiClientRecord[]>;
  create(client: { id: string; role: string; organisationId: bigint | null; secretHash: string }): Promise<void>;
  /** False when there is no such client. */
  rotate(id: string, secretHash: string): Promise<boolean>;
  /** False when there is no such client. */
  revoke(id: string): Promise<boolean>;
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
      return (await db.apiClient.updateMany({ where: { id }, data: { secretHash } })).count > 0;
    },
    async revoke(id) {
      return (await db.apiClient.deleteMany({ where: { id } })).count > 0;
    },
  };
}
