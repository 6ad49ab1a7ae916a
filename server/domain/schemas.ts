import { z } from "zod";
import { MAX_AMOUNT } from "./money.ts";
import { findPersonalIdentifier } from "./personal-identifiers.ts";

/**
 * Every limit a request must respect, in one place. Each one is where a value would otherwise
 * fail later, as a 500 or on-chain: ids are Postgres `bigint` columns, amounts land in the
 * contract's uint128 balances, texts go into Postgres `text` (which cannot hold NUL) and UTF-8.
 */
export const LIMITS = {
  /** Gas a relayed ledger call may ask for, and the size of its data (a batch of 100 donations fits). */
  relayGas: 15_000_000n,
  relayDataLength: 65_536,
  /** Postgres bigint, the type of every id column. */
  maxId: (1n << 63n) - 1n,
  maxAmount: MAX_AMOUNT,
  /** Longer digit strings are refused before they are read as numbers. */
  amountDigits: 40,
  donorReferenceLength: 200,
  /** A bytes32 string on-chain: 31 bytes and its terminator. */
  recipientRefLength: 31,
  clientIdLength: 100,
  clientSecretLength: 200,
  idempotencyKeyLength: { min: 8, max: 200 },
  /** Writes in one batch request. */
  batchSize: 500,
  /** An evidence file (invoice, receipt, photo), in bytes: 10 MiB. */
  evidenceBytes: 10 * 1024 * 1024,
  /** The name an evidence file was uploaded under. */
  evidenceFilenameLength: 200,
  /** A grant's memo or a refund's, refusal's or correction's reason: off-chain text, only its SHA-256 on-chain. */
  noteLength: 500,
  /** Why a regulator reads restricted detail (`?purpose=`), written to the access log the organisation reads. */
  purposeLength: 300,
} as const;

// C0 controls, DEL and C1 controls: none belongs in a reference or an id, and NUL breaks Postgres.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Free text of 1..max characters: no control characters, no lone surrogates (not UTF-8). */
export function text(max: number) {
  return z
    .string({ error: "must be a string" })
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), "must not contain control characters")
    .refine((value) => value.isWellFormed(), "must be well-formed Unicode (no lone surrogates)");
}

/**
 * Amounts are integer minor units: a JSON string of digits (up to 2^128-1) or a JSON integer
 * up to 2^53-1.
 */
export const ZAmount = z
  .union([z.string(), z.number()], { error: "must be a whole number of minor units, as a string of digits or an integer" })
  .transform((value, ctx) => {
    const tooLarge = `must be at most 2^128-1 (${LIMITS.maxAmount}), the most a ledger balance holds`;
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) {
        const message = Number.isInteger(value) ? "is too large for a JSON number; send it as a string of digits" : "must be a whole number of minor units (no fractions)";
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      value = String(value);
    }
    if (value.length > LIMITS.amountDigits) {
      ctx.addIssue({ code: "custom", message: tooLarge });
      return z.NEVER;
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
    if (amount > LIMITS.maxAmount) {
      ctx.addIssue({ code: "custom", message: tooLarge });
      return z.NEVER;
    }
    return amount;
  });

const ID_DIGITS = /^[1-9]\d{0,24}$/;
const ZIdValue = z
  .bigint()
  .min(1n, "must be a positive integer id")
  .max(LIMITS.maxId, `must be at most ${LIMITS.maxId}`);

/** An id in a JSON body: a string of digits or a JSON integer. */
const ZId = z
  .union([z.string().regex(ID_DIGITS, "must be a positive integer id"), z.int({ error: "must be a positive integer id" })], {
    error: "must be a positive integer id",
  })
  .transform((v) => BigInt(v))
  .pipe(ZIdValue);

/** An id in a path or a token claim: digits only. */
export const ZIdText = z.string().regex(ID_DIGITS, "must be a positive integer id").transform(BigInt).pipe(ZIdValue);

/** A SHA-256 hash, with or without 0x, in either case; as 0x and 64 lower-case hex characters. */
export const ZSha256 = z
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
  donorReference: text(LIMITS.donorReferenceLength).optional(),
});
export type TRecordDonationRequest = z.infer<typeof ZRecordDonationRequest>;

/** Up to 500 donations in one request, all accepted or none, each with its own tracking code. */
export const ZRecordDonationBatchRequest = z.strictObject({
  donations: z.array(ZRecordDonationRequest).min(1, "must hold at least one donation").max(LIMITS.batchSize, `must hold at most ${LIMITS.batchSize} donations`),
});
export type TRecordDonationBatchRequest = z.infer<typeof ZRecordDonationBatchRequest>;

export const ZRecordDisbursementRequest = z.strictObject({
  campaignId: ZId,
  amount: ZAmount,
  purpose: z.enum(PURPOSES),
  /** Pseudonymous recipient id (supplier code, beneficiary number), never a person's name. */
  recipientRef: z
    .string()
    .min(1)
    .max(LIMITS.recipientRefLength)
    .regex(/^[\x20-\x7e]+$/, `must be printable ASCII, at most ${LIMITS.recipientRefLength} characters`),
  evidenceSha256: ZSha256,
  /** The recipient organisation, whose key on this server the ledger names as the disbursement's confirmer. */
  confirmerOrganisationId: ZId.optional(),
});
export type TRecordDisbursementRequest = z.infer<typeof ZRecordDisbursementRequest>;

/** POST /api/v1/evidence?filename=: the file's own name, kept for its organisation and regulators. */
export const ZUploadEvidenceQuery = z.strictObject({
  filename: text(LIMITS.evidenceFilenameLength)
    .refine((name) => !/[/\\]/.test(name), "must be a file name, without / or \\")
    .optional(),
});
export type TUploadEvidenceQuery = z.infer<typeof ZUploadEvidenceQuery>;

export const ZClientId = text(LIMITS.clientIdLength);

export const ZTokenRequest = z.strictObject({
  grant_type: z.literal("client_credentials").optional(),
  client_id: ZClientId,
  client_secret: text(LIMITS.clientSecretLength),
});
export type TTokenRequest = z.infer<typeof ZTokenRequest>;

const { min, max } = LIMITS.idempotencyKeyLength;
export const ZIdempotencyKey = z
  .string({ error: "the Idempotency-Key header is required for writes" })
  .min(min, `must be ${min} to ${max} characters`)
  .max(max, `must be ${min} to ${max} characters`)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

const ZAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address: 0x and 40 hex characters").transform((v) => v.toLowerCase());
const ZUintText = (max: bigint, what: string) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,30})$/, { message: `must be a whole number as a string of digits (${what})`, abort: true })
    .refine((v) => BigInt(v) <= max, `must be at most ${max} (${what})`);

/**
 * A write an organisation signed itself with its own operator key, as an EIP-712 ForwardRequest for
 * the ledger's forwarder (domain "DonationLedger", version "1"); the server only relays it. The
 * nonce is the forwarder's `nonces(from)` when signed, and is not sent: the signature covers it.
 */
export const ZRelayRequest = z.strictObject({
  from: ZAddress,
  to: ZAddress,
  value: ZUintText(0n, "relayed writes carry no value"),
  gas: ZUintText(LIMITS.relayGas, "gas for the ledger call"),
  deadline: ZUintText((1n << 48n) - 1n, "a uint48 Unix time"),
  data: z.string().regex(/^0x(?:[0-9a-fA-F]{2}){4,}$/, "must be the ledger call's data as 0x-prefixed hex").max(LIMITS.relayDataLength),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte signature as 0x and 130 hex characters"),
});
export type TRelayRequest = z.infer<typeof ZRelayRequest>;

/** A calendar day, YYYY-MM-DD (UTC), from 1970 on: a ledger's or a flow graph's `from` and `to`. */
export const ZDay = z
  .string({ error: "must be a date as YYYY-MM-DD" })
  .regex(/^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD, from 1970")
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
  }, "must be a real calendar date");

/**
 * A memo or a reason: kept off-chain with the write, only its SHA-256 goes on-chain. It must not
 * hold personal data; what plainly looks like an ID or a phone number is refused.
 */
const ZNote = text(LIMITS.noteLength).superRefine((value, ctx) => {
  const found = findPersonalIdentifier(value);
  if (found) ctx.addIssue({ code: "custom", message: `must not hold personal data (it looks like it holds a ${found})` });
});

/** A regulator's flag note: shown to regulators and the flagged organisation, never to the public. */
export const ZFlagNote = ZNote;

/**
 * Why a regulator reads restricted detail: at least a few words, as the organisation reads it in
 * its access log; like a note, never a person's ID or phone number.
 */
export const ZAccessPurpose = text(LIMITS.purposeLength)
  .refine((value) => value.trim().length >= 3, "must say why, in at least 3 characters")
  .superRefine((value, ctx) => {
    const found = findPersonalIdentifier(value);
    if (found) ctx.addIssue({ code: "custom", message: `must not hold personal data (it looks like it holds a ${found})` });
  })
  .meta({ description: "Why this restricted detail is read (3–300 characters, no personal data); written to the access log that the organisation whose data it is can read." });

/** A signed whole number of minor units, not zero, as a string (a correction's delta). */
export const ZSignedAmount = z
  .string({ error: "must be a signed whole number of minor units, as a string" })
  .max(LIMITS.amountDigits + 1, `must be at most 2^128-1 (${LIMITS.maxAmount}) either way`)
  .regex(/^-?(0|[1-9]\d*)$/, "must be a signed whole number of minor units, digits only")
  .transform(BigInt)
  .refine((v) => v !== 0n, "must not be zero")
  .refine((v) => (v < 0n ? -v : v) <= LIMITS.maxAmount, `must be at most 2^128-1 (${LIMITS.maxAmount}) either way`);

/** A grant to another organisation's campaign; the memo stays off-chain. */
export const ZMakeGrantRequest = z.strictObject({
  fromCampaignId: ZId,
  toCampaignId: ZId,
  amount: ZAmount,
  memo: ZNote.optional(),
});
export type TMakeGrantRequest = z.infer<typeof ZMakeGrantRequest>;

/** Acknowledging a grant carries nothing but the grant's id, in the path. */
export const ZAcknowledgeGrantRequest = z.strictObject({});
export type TAcknowledgeGrantRequest = z.infer<typeof ZAcknowledgeGrantRequest>;

export const ZRefuseGrantRequest = z.strictObject({ reason: ZNote.optional() });
export type TRefuseGrantRequest = z.infer<typeof ZRefuseGrantRequest>;

export const ZRefundDonationRequest = z.strictObject({
  /** The donation's record id on the ledger. */
  donationId: ZId,
  campaignId: ZId,
  amount: ZAmount,
  reason: ZNote.optional(),
});
export type TRefundDonationRequest = z.infer<typeof ZRefundDonationRequest>;

export const ZCorrectRecordRequest = z.strictObject({
  correctedId: ZId,
  campaignId: ZId,
  delta: ZSignedAmount,
  reason: ZNote,
});
export type TCorrectRecordRequest = z.infer<typeof ZCorrectRecordRequest>;

export const ZApproveCorrectionRequest = z.strictObject({});
export type TApproveCorrectionRequest = z.infer<typeof ZApproveCorrectionRequest>;
