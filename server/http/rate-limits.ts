import type { Request, RequestHandler } from "express";
import { rateLimit, type Options } from "express-rate-limit";
import type { Logger } from "pino";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { ZClientId } from "../domain/schemas.ts";

/** Requests allowed per window; each applies per IP and, where a client is known, per client. */
export interface RateLimitSettings {
  windowSeconds: number;
  /** POST /api/v1/auth/token and POST /regulator/sign-in (counted together), per IP and per client_id: every attempt costs one scrypt. */
  token: number;
  /** Authenticated POST/PUT/PATCH/DELETE under /api/v1, per client and per IP. */
  writes: number;
  /** Reads, per IP: a gift (GET /api/v1/track/{code}, /track/{code}, /track), flags, ledgers and flows (and a flow's records), evidence files (up to 10 MiB each), and the regulator pages. */
  reads: number;
}

export interface RateLimiters {
  tokenPerIp: RequestHandler;
  /** Needs the parsed body. */
  tokenPerClient: RequestHandler;
  /** Mount on /api/v1. */
  writesPerIp: RequestHandler;
  /** Needs the verified principal: authenticate() runs it. */
  writesPerClient: RequestHandler;
  readsPerIp: RequestHandler;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * In-memory counters, one store per limiter, so each process limits on its own: behind several
 * instances the effective limit is the sum. Over the limit the request goes to the error handler
 * as RateLimited (problem+json or a page), with Retry-After set here.
 */
export function createRateLimiters(settings: RateLimitSettings, logger: Logger): RateLimiters {
  const limiter = (name: string, limit: number, what: string, options: Partial<Options> = {}) =>
    rateLimit({
      windowMs: settings.windowSeconds * 1000,
      limit,
      identifier: name,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      logger,
      handler: (req, res, next) => {
        const retryAfter = res.getHeader("retry-after") ?? settings.windowSeconds;
        next(new AppError(AppErrorCode.RateLimited, `Too many ${what}; try again in ${retryAfter} seconds.`));
      },
      ...options,
    });

  return {
    tokenPerIp: limiter("token-ip", settings.token, "token requests from this address"),
    tokenPerClient: limiter("token-client", settings.token, "token requests for this client", {
      // A client_id that is not one cannot reach scrypt; the per-IP limit still counts it.
      skip: (req) => clientIdOf(req) === undefined,
      keyGenerator: (req) => `client:${clientIdOf(req)}`,
    }),
    // Mounted on /api/v1, before authentication: unauthenticated floods count too. The token
    // endpoint has its own limit.
    writesPerIp: limiter("writes-ip", settings.writes, "writes from this address", {
      skip: (req) => SAFE_METHODS.has(req.method) || /^\/auth\/token\/?$/i.test(req.path),
    }),
    writesPerClient: limiter("writes-client", settings.writes, "writes by this client", {
      skip: (req) => SAFE_METHODS.has(req.method) || req.principal === undefined,
      keyGenerator: (req) => `client:${req.principal!.clientId}`,
    }),
    readsPerIp: limiter("reads-ip", settings.reads, "reads from this address"),
  };
}

function clientIdOf(req: Request): string | undefined {
  const parsed = ZClientId.safeParse((req.body as { client_id?: unknown } | undefined)?.client_id);
  return parsed.success ? parsed.data : undefined;
}
