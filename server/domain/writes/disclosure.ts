import type { WriteKind } from "./write-kind.ts";

export interface DisclosurePayload {
  kind: "disclosure";
  campaignId: string;
  /** The period disclosed, inclusive, in seconds since the epoch. */
  coversFrom: string;
  coversTo: string;
  /** SHA-256 of the published document, 0x and 64 hex characters. */
  documentHash: string;
  final: boolean;
}

/**
 * A disclosure of the funds a campaign of the writer's organisation raised over a period. The
 * campaign may be open or closed (the full disclosure comes after the end); it moves no money and,
 * like a confirmation, makes no record: it settles by its event.
 */
export const disclosure: WriteKind<DisclosurePayload> = {
  kind: "disclosure",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), delta: 0n }),
  encode: (abis, p) => ({
    to: "ledger",
    data: abis.ledger.encodeFunctionData("publishDisclosure", [p.campaignId, p.coversFrom, p.coversTo, p.documentHash, p.final]),
  }),
  proof: ["DisclosurePublished"],
};
