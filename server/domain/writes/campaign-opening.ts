import { hexlify, toUtf8Bytes, ZeroAddress } from "ethers";
import type { WriteKind } from "./write-kind.ts";

export interface CampaignOpeningPayload {
  kind: "campaign_opening";
  orgId: string;
  /** ISO 4217 code, three upper-case letters. */
  currency: string;
  /** Minor units, "0" for none. */
  target: string;
  title: string;
}

/** ILedger.Asset.Attested: fiat the charity records; the only asset a campaign opened through the API holds. */
const ATTESTED = 0;

/**
 * A new attested-fiat campaign of the writer's organisation. It concerns no campaign yet, so
 * accepting checks only that the organisation is active; the new campaign's id is the proof
 * event's `campaignId`.
 */
export const campaignOpening: WriteKind<CampaignOpeningPayload> = {
  kind: "campaign_opening",
  signer: () => "organisation",
  effect: () => ({ delta: 0n }),
  encode: (abis, p) => ({
    to: "ledger",
    data: abis.ledger.encodeFunctionData("openCampaign", [p.orgId, ATTESTED, hexlify(toUtf8Bytes(p.currency)), ZeroAddress, p.target, p.title]),
  }),
  proof: ["CampaignOpened"],
};
