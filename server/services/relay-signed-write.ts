import type { RelayCheck } from "../chain/relay-check.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { OrganisationReads } from "../db/organisations.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { TRelayRequest } from "../domain/schemas.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a write an organisation signed with its own key, to relay it through the ledger's
 * forwarder. The server adds nothing and can change nothing: the ledger records the signer as the
 * writer, and the relayer's key alone could not write at all. The signer must be one of the
 * caller's organisation's keys, and what the chain would refuse is refused now.
 */
export async function relaySignedWrite(options: {
  organisations: OrganisationReads;
  outbox: OutboxStore;
  secrets: WriteSecrets;
  relay: RelayCheck | undefined;
  ledgerAddress: string;
  principal: Principal;
  idempotencyKey: string;
  request: TRelayRequest;
}): Promise<AcceptedWrite> {
  const { request, relay } = options;
  return acceptWrite({
    ...options,
    request,
    async precheck() {
      if (!relay) throw new AppError(AppErrorCode.Unavailable, "This server has no relayer key configured (RELAYER_PRIVATE_KEY).");
      if (request.to !== options.ledgerAddress.toLowerCase()) {
        throw new AppError(AppErrorCode.InvalidRequest, "A relayed request must call the ledger.", {
          errors: [{ field: "to", reason: `must be the ledger, ${options.ledgerAddress}` }],
        });
      }
      if (!(await options.organisations.isActiveOperator(options.principal.organisationId!, request.from))) {
        throw new AppError(AppErrorCode.Forbidden, `${request.from} is not a key of this organisation.`, {
          errors: [{ field: "from", reason: "not an operator key of the caller's organisation" }],
        });
      }
      const refusal = await relay.refusal(request);
      if (refusal) {
        throw new AppError(AppErrorCode.RefusedByLedger, refusal.message, {
          errors: [{ field: refusal.error === "InvalidSignedRequest" ? "signature" : "data", reason: refusal.message }],
          extra: { refusal },
        });
      }
    },
    payload: { kind: "relay", request },
  });
}
