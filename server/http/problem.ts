import type { ErrorRequestHandler, Request, Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError, AppErrorCode, type FieldProblem } from "../domain/errors.ts";
import { redactError, redactTrackingCodes } from "./redact.ts";

/** The one table from application error codes to HTTP statuses and titles. */
const STATUS: Record<AppErrorCode, { status: number; title: string }> = {
  [AppErrorCode.InvalidRequest]: { status: 400, title: "The request is not valid" },
  [AppErrorCode.Unauthenticated]: { status: 401, title: "Authentication required" },
  [AppErrorCode.Forbidden]: { status: 403, title: "Not allowed for this client" },
  [AppErrorCode.NotFound]: { status: 404, title: "Not found" },
  [AppErrorCode.IdempotencyConflict]: { status: 422, title: "Idempotency key reused for a different request" },
  [AppErrorCode.InsufficientBalance]: { status: 409, title: "The campaign cannot pay this" },
  [AppErrorCode.CampaignClosed]: { status: 409, title: "The campaign is closed" },
  [AppErrorCode.Conflict]: { status: 409, title: "The ledger's state does not allow this write" },
  [AppErrorCode.OrganisationSuspended]: { status: 409, title: "The organisation is suspended" },
  [AppErrorCode.RefusedByLedger]: { status: 422, title: "The ledger would refuse this write" },
  [AppErrorCode.Unavailable]: { status: 503, title: "Temporarily unavailable" },
  [AppErrorCode.RateLimited]: { status: 429, title: "Too many requests" },
  [AppErrorCode.TooLarge]: { status: 413, title: "Too large" },
  [AppErrorCode.UnsupportedMediaType]: { status: 415, title: "Unsupported media type" },
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function toProblem(error: AppError): ProblemDocument {
  const { status, title } = STATUS[error.code];
  return {
    type: `urn:donation-ledger:problem:${error.code}`,
    title,
    status,
    detail: error.message,
    ...(error.errors.length ? { errors: error.errors } : {}),
    ...error.extra,
  };
}

export function sendProblem(res: Response, error: AppError): void {
  const problem = toProblem(error);
  if (problem.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="donation-ledger"');
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/** Parses with a zod schema or throws an InvalidRequest naming every field and its reason. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: "body" | { header: string } | { path: string } = "body"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const place = where === "body" ? "body" : "header" in where ? `header ${where.header}` : `path parameter ${where.path}`;
  const whole = where === "body" ? "(body)" : "header" in where ? where.header : where.path;
  throw new AppError(AppErrorCode.InvalidRequest, `The request ${place} has ${result.error.issues.length === 1 ? "a problem" : "problems"}.`, {
    errors: result.error.issues.flatMap((issue) => fieldProblems(issue, whole, input)),
  });
}

function fieldProblems(issue: z.core.$ZodIssue, whole: string, input: unknown): FieldProblem[] {
  const field = issue.path.map(String).join(".") || whole;
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ field: k, reason: "is not a known field" }));
  if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) return [{ field, reason: "is required" }];
  if (issue.code === "invalid_value" && "values" in issue) {
    return [{ field, reason: `must be one of: ${issue.values.map(String).join(", ")}` }];
  }
  return [{ field, reason: issue.message.replace(/^Invalid input: /, "") }];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * Last middleware: every error leaves as problem+json for the API, or as a page for people, and
 * nothing internal leaks. A client's own mistake is a 4xx, whatever raised it.
 */
export function problemHandler(logger: Logger, page: (status: number, req: Request) => string): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const forPeople = !req.path.startsWith("/api/") && req.path !== "/health";
    const clientError = error instanceof AppError ? undefined : clientErrorOf(error);
    if (forPeople) {
      const status = error instanceof AppError ? toProblem(error).status : (clientError?.status ?? 500);
      if (status >= 500) logUnhandled(logger, error, req.path);
      return res.status(status).type("html").send(page(status, req));
    }
    if (error instanceof AppError) return sendProblem(res, error);
    if (clientError) {
      return sendProblem(res, new AppError(AppErrorCode.InvalidRequest, clientError.detail, { errors: [{ field: clientError.field, reason: clientError.detail }] }));
    }
    logUnhandled(logger, error, req.path);
    res.status(500).type("application/problem+json").send(
      JSON.stringify({ type: "urn:donation-ledger:problem:internal", title: "Internal error", status: 500, detail: "Something went wrong on our side; nothing was written." }),
    );
  };
}

/**
 * Errors raised by Express itself for what the client sent: body-parser's (malformed JSON, too
 * large, unsupported charset) and the router's (a path parameter with broken percent-encoding).
 * Their own messages are not echoed: they quote the input.
 */
function clientErrorOf(error: unknown): { status: number; field: string; detail: string } | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== "number" || status < 400 || status >= 500) return undefined;
  if (error instanceof URIError) return { status, field: "(path)", detail: "The request path is not valid: it has a broken percent-encoding." };
  const type = (error as { type?: unknown }).type;
  if (status === 413) return { status, field: "(body)", detail: "The request body is too large." };
  if (type === "charset.unsupported" || type === "encoding.unsupported") {
    return { status, field: "(body)", detail: "The request body's charset or content encoding is not supported." };
  }
  return { status, field: "(body)", detail: "The request body is not valid JSON." };
}

function logUnhandled(logger: Logger, error: unknown, path: string): void {
  logger.error({ err: redactError(error), path: redactTrackingCodes(path) }, "unhandled error");
}
