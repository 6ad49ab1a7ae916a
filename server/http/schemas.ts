import { z } from "zod";
import type { oas31, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from "zod-openapi";

/**
 * Response shapes several routes share, each described once: the routes' own schemas build on
 * them, and the OpenAPI document (server/http/openapi.ts) derives from the same objects. A shape
 * with an `id` becomes one component of the document, referenced wherever it is used.
 */

/** What a route module says about its operations, by path and method, in zod-openapi's terms. */
export type RouteOperations = ZodOpenApiPathsObject;

/** An amount in integer minor units of its currency, as a string of digits ("-" before a negative net). */
export const ZMinorUnits = z.string().regex(/^-?\d+$/).meta({ id: "MinorUnits", description: "Integer minor units (fen, cents) as a string of digits; never a float." });

/** A block number or another uint64 the chain counts, as a string of digits. */
export const ZBlockNumber = z.string().regex(/^\d+$/).meta({ id: "BlockNumber", description: "A block number, as a string of digits." });

/** An id of the ledger or the outbox, as a string of digits. */
export const ZIdString = z.string().regex(/^\d+$/).meta({ id: "Id", description: "An id, as a string of digits." });

export const ZTxHash = z.string().regex(/^0x[0-9a-f]{64}$/);

/** Where a figure came from on the chain, so anyone can check it. */
export const ZChainRef = z.object({ blockNumber: ZBlockNumber, txHash: ZTxHash, logIndex: z.int().min(0) }).meta({ id: "ChainRef" });

/** A sum of records: their amount and how many there were. */
export const ZSum = z.object({ amount: ZMinorUnits, count: z.int().min(0) }).meta({ id: "Sum" });

export const ZNamedOrganisation = z.object({ id: ZIdString, name: z.string() });
export const ZTitledCampaign = z.object({ id: ZIdString, title: z.string() });

/** When the mirror was last checked against the chain; every read says it. */
export const ZVerificationStatus = z
  .object({
    state: z.enum(["unverified", "ok", "differences", "error"]).meta({ description: '"unverified" until the first check ends; "differences" while a difference stands.' }),
    verifiedAt: z.string().nullable().meta({ description: "When the last check ended, ISO 8601." }),
    verifiedBlock: ZBlockNumber.nullable(),
    differences: z.int().min(0),
    lastFullCheck: z.object({ at: z.string(), block: ZBlockNumber }).nullable(),
    error: z.string().optional(),
  })
  .meta({ id: "Verification", description: "Where the mirror stands against the chain, as the last check found it." });

/** One problem with one field of the request. */
export const ZFieldProblem = z.object({ field: z.string(), reason: z.string() });

/** Every error the API answers, as `application/problem+json` (RFC 9457). */
export const ZProblem = z
  .looseObject({
    type: z.string().meta({ description: "`urn:donation-ledger:problem:<code>`." }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    errors: z.array(ZFieldProblem).optional().meta({ description: "Each field at fault and why." }),
    available: ZMinorUnits.optional().meta({ description: "409 for a disbursement: what the campaign can still pay." }),
    refusal: z.unknown().optional().meta({ description: "422 for a relayed write: the ledger's refusal, decoded." }),
  })
  .meta({ id: "Problem", description: "An error: nothing was written." });

const PROBLEM_STATUS_TEXT: Record<number, string> = {
  400: "The request is not valid: `errors` names each field and why.",
  401: "No valid bearer token (or a wrong client id or secret).",
  403: "Not allowed for this client.",
  404: "Not found.",
  409: "The mirror shows the ledger would refuse it (a closed campaign, not enough money).",
  413: "The request body is too large.",
  415: "The Content-Type is not one this operation takes, or the body is not what the Content-Type says.",
  422: "The idempotency key was used for a different request, or the ledger would refuse the write.",
  429: "Over a rate limit: `Retry-After` says when to try again.",
  503: "Temporarily unavailable.",
};

/** The error answers an operation documents by status, each a problem document; any other status is one too (`default`). */
export function problemResponses(...statuses: (keyof typeof PROBLEM_STATUS_TEXT)[]): ZodOpenApiResponsesObject {
  const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ZProblem } } });
  return {
    ...Object.fromEntries(statuses.map((status) => [String(status), problem(PROBLEM_STATUS_TEXT[status]!)])),
    default: problem("Any other error, as a problem document (500: something went wrong on the server's side; nothing was written)."),
  };
}

/** A JSON answer. */
export function json(description: string, schema: z.ZodType) {
  return { description, content: { "application/json": { schema } } };
}

/** The bearer token from POST /api/v1/auth/token, required. */
export const BEARER: oas31.SecurityRequirementObject[] = [{ bearerAuth: [] }];
/** Public, or with a bearer token that shows its holder more. */
export const OPTIONAL_BEARER: oas31.SecurityRequirementObject[] = [{}, { bearerAuth: [] }];

/**
 * Compile-time: a response schema's type and the type of what its service returns describe the same
 * shape (each assignable to the other), so neither drifts from the other unnoticed:
 * `type _ = Agrees<SameShape<TFooResponse, Foo>>` fails to compile when they differ.
 */
export type SameShape<Schema, Service> = [Schema] extends [Service] ? ([Service] extends [Schema] ? true : false) : false;
export type Agrees<T extends true> = T;
