import type { ApiClientStore, ClientChange } from "../db/api-clients.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";

/**
 * Which tokens still count although their signature does: none of a revoked client, and none a
 * client was issued before its secret was rotated. Read whole from the database every few seconds
 * (only clients that changed are read, a handful), so every API process on the database stops
 * honouring them within that interval, and a request costs a map lookup.
 */
export interface ClientValidity {
  /** Throws 401 when the client's tokens, or this one (issued at `issuedAtMs`), no longer count. */
  check(clientId: string, issuedAtMs: number): void;
  /** Reads the changes now (at start, and after this process revoked or rotated a client). */
  refresh(): Promise<void>;
  stop(): void;
}

export function createClientValidity(options: { apiClients: ApiClientStore; refreshMs: number; onError?: (error: Error) => void }): ClientValidity {
  let changed = new Map<string, ClientChange>();
  const refresh = async () => {
    changed = new Map((await options.apiClients.changes()).map((c) => [c.id, c]));
  };
  const timer = setInterval(() => refresh().catch((error: Error) => options.onError?.(error)), options.refreshMs);
  timer.unref();
  return {
    check(clientId, issuedAtMs) {
      const change = changed.get(clientId);
      if (!change) return;
      if (change.revoked) throw new AppError(AppErrorCode.Unauthenticated, "Bearer token refused: its client was revoked.");
      if (issuedAtMs < change.validAfter.getTime()) {
        throw new AppError(AppErrorCode.Unauthenticated, "Bearer token refused: the client's secret was rotated after it was issued; ask for a new one.");
      }
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
