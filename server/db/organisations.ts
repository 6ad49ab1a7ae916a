import type { Db } from "./prisma.ts";

/**
 * Lookups in the mirror's organisations, campaigns and operator keys for the services that act on
 * them (credentials, relayed writes, onboarding, the demo). Read only: the indexer writes these tables.
 */
export interface OrganisationReads {
  exists(orgId: bigint): Promise<boolean>;
  /** The organisation's name, if the mirror holds it. */
  name(orgId: bigint): Promise<string | undefined>;
  /** The first organisation registered under this number, if any. */
  findByRegistrationNumber(registrationNumber: string): Promise<bigint | undefined>;
  /** The first of the organisation's campaigns with this title, if any. */
  findCampaign(orgId: bigint, title: string): Promise<bigint | undefined>;
  /** The organisation's operator keys that were not removed, lower-case. */
  activeOperators(orgId: bigint): Promise<string[]>;
  /** Whether `address` is one of the organisation's keys and was not removed. */
  isActiveOperator(orgId: bigint, address: string): Promise<boolean>;
  /** Whether the organisation holds public-fundraising status now: its newest status change says so. */
  holdsPublicFundraising(orgId: bigint): Promise<boolean>;
}

export function createOrganisationReads(db: Db): OrganisationReads {
  return {
    async exists(orgId) {
      return (await db.organisation.findUnique({ where: { id: orgId }, select: { id: true } })) !== null;
    },
    async name(orgId) {
      return (await db.organisation.findUnique({ where: { id: orgId }, select: { name: true } }))?.name;
    },
    async findByRegistrationNumber(registrationNumber) {
      return (await db.organisation.findFirst({ where: { registrationNumber }, orderBy: { id: "asc" }, select: { id: true } }))?.id;
    },
    async findCampaign(orgId, title) {
      return (await db.campaign.findFirst({ where: { orgId, title }, orderBy: { id: "asc" }, select: { id: true } }))?.id;
    },
    async activeOperators(orgId) {
      return (await db.operator.findMany({ where: { orgId, removedBlock: null }, select: { address: true } })).map((o) => o.address.toLowerCase());
    },
    async isActiveOperator(orgId, address) {
      const key = await db.operator.findUnique({ where: { orgId_address: { orgId, address } }, select: { removedBlock: true } });
      return key !== null && key.removedBlock === null;
    },
    async holdsPublicFundraising(orgId) {
      const newest = await db.publicFundraising.findFirst({ where: { orgId }, orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }], select: { qualified: true } });
      return newest?.qualified ?? false;
    },
  };
}
