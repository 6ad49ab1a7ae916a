import { z } from "zod";
import { findPersonalIdentifier } from "./personal-identifiers.ts";
import { LIMITS, text } from "./schemas.ts";

/** A campaign's title is public on the ledger for good: 1–120 characters, never a person's ID or phone number. */
export const CAMPAIGN_TITLE_LENGTH = 120;

const ZCampaignTitle = text(CAMPAIGN_TITLE_LENGTH).superRefine((title, ctx) => {
  const found = findPersonalIdentifier(title);
  if (found) ctx.addIssue({ code: "custom", message: `would be public on the ledger forever and looks like it holds a ${found}` });
});

/**
 * ISO 4217, three upper-case letters, as the contract checks them. Through the API a campaign
 * always holds attested fiat: on-chain assets are opened with the organisation's own key.
 */
const ZCurrency = z.string({ error: "must be an ISO 4217 currency code" }).regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code: three upper-case letters, e.g. CNY");

/**
 * A fundraising target in integer minor units, 0 for none: a string of digits or a JSON integer up
 * to 2^53-1, at most what a campaign balance can hold (a larger goal could never be reached).
 */
export const ZTarget = z
  .union([z.string(), z.number()], { error: "must be a whole number of minor units, as a string of digits or an integer" })
  .transform((value, ctx) => {
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) {
        ctx.addIssue({ code: "custom", message: Number.isInteger(value) ? "is too large for a JSON number; send it as a string of digits" : "must be a whole number of minor units (no fractions)" });
        return z.NEVER;
      }
      value = String(value);
    }
    if (!/^\d{1,40}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "must be a whole number of minor units, 0 or more, digits only" });
      return z.NEVER;
    }
    const target = BigInt(value);
    if (target > LIMITS.maxAmount) {
      ctx.addIssue({ code: "custom", message: `must be at most 2^128-1 (${LIMITS.maxAmount}), the most a ledger balance holds` });
      return z.NEVER;
    }
    return target;
  })
  .meta({ description: 'Fundraising target in integer minor units (fen, cents), as a string of digits or an integer; 0 (or "0") for none.' });

export const ZOpenCampaignRequest = z.strictObject({
  title: ZCampaignTitle.meta({ description: `Public on the ledger for good: 1–${CAMPAIGN_TITLE_LENGTH} characters, never a person's name, ID or phone number.` }),
  currency: ZCurrency,
  target: ZTarget.optional(),
});
export type TOpenCampaignRequest = z.infer<typeof ZOpenCampaignRequest>;

/** Closing carries nothing but the campaign in the path; an empty object (or no body) is the request. */
export const ZCloseCampaignRequest = z.strictObject({});
export type TCloseCampaignRequest = z.infer<typeof ZCloseCampaignRequest>;

export const ZSetCampaignTargetRequest = z.strictObject({ target: ZTarget });
export type TSetCampaignTargetRequest = z.infer<typeof ZSetCampaignTargetRequest>;
