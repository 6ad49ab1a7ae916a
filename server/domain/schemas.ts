import { z } from "zod";
import { UINT256_MAX } from "./money.ts";

/**
 * Request schemas shared by validation and the API description. Amounts are integer minor
 * units: a JSON string of digits (any size up to 2^256-1) or a JSON integer up to 2^53-1.
 */
export const ZAmount = z
  .union([z.string(), z.number()], { error: "must be a whole number of minor units, as a string of digits or an integer" })
  .transform((value, ctx) => {
    if (typeof value === "number") {
      if (!Number.isInteger(value)) {
        ctx.addIssue({ code: "custom", message: "must be a whole number of minor units (no fractions)" });
        return z.NEVER;
      }
      if (!Number.isSafeInteger(value)) {
        ctx.addIssue({ code: "custom", message: "is too large for a JSON number; send it as a string of digits" });
        return z.NEVER;
      }
      value = String(value);
    }
    if (!/^-?\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "must be a whole number of minor units, digits only" });
      return z.NEVER;
    }
    const amount = BigInt(value);
    if (amount <= 0n) {
      ctx.addIssue({ code: "custom", message: "must be greater than zero" });
      return z.NEVER;
    }
    if (amount > UINT256_MAX) {
      ctx.addIssue({ code: "custom", message: "must be at most 2^256-1" });
      return z.NEVER;
    }
    return amount;
  });

const ZId = z.union([z.string().regex(/^[1-9]\d{0,18}$/), z.number().int().positive()], {
  error: "must be a positive integer id",
}).transform((v) => BigInt(v));

const ZSha256 = z
  .string({ error: "must be a SHA-256 hash as 64 hex characters" })
  .regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be a SHA-256 hash as 64 hex characters")
  .transform((v) => "0x" + v.replace(/^0x/, "").toLowerCase());

export const CHANNELS = ["bank", "alipay", "wechat_pay", "cash", "on_chain"] as const;
export const PURPOSES = ["programme", "administration", "fundraising"] as const;
export type Channel = (typeof CHANNELS)[number];
export type Purpose = (typeof PURPOSES)[number];

export const ZRecordDonationRequest = z.strictObject({
  campaignId: ZId,
  amount: ZAmount,
  channel: z.enum(CHANNELS),
  /** The charity's own reference for the donor; kept off-chain and erasable. Never a name on-chain. */
  donorReference: z.string().min(1).max(200).optional(),
});
export type TRecordDonationRequest = z.infer<typeof ZRecordDonationRequest>;

export const ZRecordDisbursementRequest = z.strictObject({
  campaignId: ZId,
  amount: ZAmount,
  purpose: z.enum(PURPOSES),
  /** Pseudonymous recipient id (supplier code, beneficiary number), never a person's name. */
  recipientRef: z.string().min(1).max(31).regex(/^[\x20-\x7e]+$/, "must be printable ASCII, at most 31 characters"),
  evidenceSha256: ZSha256,
});
export type TRecordDisbursementRequest = z.infer<typeof ZRecordDisbursementRequest>;

export const ZTokenRequest = z.strictObject({
  grant_type: z.literal("client_credentials").optional(),
  client_id: z.string().min(1).max(100),
  client_secret: z.string().min(1).max(200),
});
export type TTokenRequest = z.infer<typeof ZTokenRequest>;

export const ZIdempotencyKey = z
  .string({ error: "the Idempotency-Key header is required for writes" })
  .min(8, "must be 8 to 200 characters")
  .max(200, "must be 8 to 200 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
