/**
 * Application errors carry a code, never an HTTP status: the transport maps codes to statuses
 * in one table (server/http/problem.ts).
 */
export const AppErrorCode = {
  InvalidRequest: "invalid-request",
  Unauthenticated: "unauthenticated",
  Forbidden: "forbidden",
  NotFound: "not-found",
  IdempotencyConflict: "idempotency-conflict",
  InsufficientBalance: "insufficient-balance",
  CampaignClosed: "campaign-closed",
  /** The mirror shows the write must fail: a grant already settled, a disbursement already confirmed. */
  Conflict: "conflict",
  OrganisationSuspended: "organisation-suspended",
  RefusedByLedger: "refused-by-ledger",
  Unavailable: "unavailable",
  RateLimited: "rate-limited",
  TooLarge: "too-large",
  UnsupportedMediaType: "unsupported-media-type",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export interface FieldProblem {
  /** JSON pointer-like path to the field, e.g. "amount" or "recipient.ref". */
  field: string;
  reason: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly errors: FieldProblem[];
  readonly extra: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, options: { errors?: FieldProblem[]; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
  }
}
