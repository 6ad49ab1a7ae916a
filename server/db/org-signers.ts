import { Wallet, type Provider } from "ethers";
import type { MasterKey } from "../master-key.ts";
import type { Db } from "./prisma.ts";

const PURPOSE = "org-signer-encryption";

export interface OrgSigners {
  /** Creates a new operator key for `orgId` and stores it encrypted; the registrar must still add it on-chain. */
  create(orgId: bigint): Promise<Wallet>;
  /** Stores a key made elsewhere (already added on-chain); it becomes the organisation's active key. */
  store(orgId: bigint, privateKey: string): Promise<Wallet>;
  /** The key the server signs `orgId`'s writes with: its newest key that is not retired. */
  active(orgId: bigint): Promise<Wallet | undefined>;
  /** A rotated-out key signs nothing more; its past records stay attributed to the organisation on-chain. */
  retire(address: string): Promise<void>;
}

/**
 * The operator keys the server holds for organisations that let it sign for them (custody). Each
 * organisation has its own key, so the chain shows which organisation authorised each record and
 * each organisation's writes travel on their own nonce lane. Keys are sealed with AES-256-GCM under
 * a key derived from the master key, so a copy of the database alone reveals none of them.
 */
export function createOrgSigners(options: { db: Db; masterKey: MasterKey; provider: Provider }): OrgSigners {
  const { db, masterKey, provider } = options;
  const cache = new Map<string, Wallet>();
  return {
    create(orgId) {
      return this.store(orgId, Wallet.createRandom().privateKey);
    },
    async store(orgId, privateKey) {
      const signer = new Wallet(privateKey, provider);
      const address = signer.address.toLowerCase();
      await db.orgSigner.create({ data: { address, orgId, encryptedKey: masterKey.seal(`${PURPOSE}:${address}`, privateKey) } });
      cache.set(address, signer);
      return signer;
    },
    async active(orgId) {
      const row = await db.orgSigner.findFirst({ where: { orgId, retiredAt: null }, orderBy: { createdAt: "desc" } });
      if (!row) return undefined;
      let signer = cache.get(row.address);
      if (!signer) {
        signer = new Wallet(masterKey.open(`${PURPOSE}:${row.address}`, row.encryptedKey), provider);
        cache.set(row.address, signer);
      }
      return signer;
    },
    async retire(address) {
      await db.orgSigner.updateMany({ where: { address: address.toLowerCase(), retiredAt: null }, data: { retiredAt: new Date() } });
      cache.delete(address.toLowerCase());
    },
  };
}
