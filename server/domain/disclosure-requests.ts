import { z } from "zod";
import { ZSha256 } from "./schemas.ts";

/** Seconds since the epoch: what the ledger keeps of a disclosed period's bounds. */
export type UnixSeconds = bigint;

const DAY_SECONDS = 86_400n;

/**
 * An instant in ISO 8601: a calendar day (UTC), or a date and time with its offset (`Z` or
 * `+08:00`; a time without one would mean a different instant on every server). Whole seconds
 * only, as the ledger keeps them, from 1970 on. A day as `coversFrom` is its first second; as
 * `coversTo` its last, so "2026-01-01" to "2026-03-31" covers the whole quarter.
 */
function ZInstant(end: "start" | "end") {
  return z
    .string({ error: "must be an ISO 8601 date (YYYY-MM-DD) or date and time with its offset" })
    .regex(
      /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/,
      "must be an ISO 8601 date (YYYY-MM-DD) or a date and time in whole seconds with its offset, e.g. 2026-03-31T23:59:59+08:00",
    )
    .transform((text, ctx) => {
      const day = text.slice(0, 10);
      const midnight = new Date(`${day}T00:00:00Z`);
      if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) {
        ctx.addIssue({ code: "custom", message: "must be a real calendar date" });
        return z.NEVER;
      }
      const seconds =
        text.length === 10
          ? BigInt(midnight.getTime() / 1000) + (end === "end" ? DAY_SECONDS - 1n : 0n)
          : BigInt(Math.floor(Date.parse(text) / 1000));
      if (seconds < 0n) {
        ctx.addIssue({ code: "custom", message: "must be from 1970 on" });
        return z.NEVER;
      }
      return seconds;
    });
}

/**
 * POST /api/v1/campaigns/{id}/disclosures: a disclosure (信息公开) of the funds the campaign raised
 * over a period, by the SHA-256 of the published document (uploaded first through POST
 * /api/v1/evidence, like a disbursement's evidence). Whether the period is in order and over is
 * checked against the clock when the write is accepted (services/publish-disclosure.ts).
 */
export const ZPublishDisclosureRequest = z.strictObject({
  coversFrom: ZInstant("start").meta({ description: "Start of the period disclosed: an ISO 8601 date (its first second, UTC) or date and time with its offset." }),
  coversTo: ZInstant("end").meta({ description: "End of the period disclosed, inclusive: an ISO 8601 date (its last second, UTC) or date and time with its offset; not after now." }),
  documentSha256: ZSha256.refine((hash) => !/^0x0{64}$/.test(hash), "must be the SHA-256 of the published document, not zero").meta({
    description: "SHA-256 of the published document, as 64 hex characters: the `sha256` POST /api/v1/evidence answered for it.",
  }),
  final: z.boolean({ error: "must be true or false" }).default(false).meta({ description: "true for the full disclosure after the drive ended; an interim one otherwise." }),
});
export type TPublishDisclosureRequest = z.infer<typeof ZPublishDisclosureRequest>;
