import type { OutboxStore } from "../db/outbox.ts";
import type { TPublishDisclosureRequest } from "../domain/disclosure-requests.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { disclosure } from "../domain/writes/disclosure.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { campaignInPath } from "./campaign-in-path.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a disclosure of the funds a campaign of the caller's organisation raised over a period,
 * open or closed campaign alike. What the ledger would refuse is refused at once: another
 * organisation's campaign or none (403, 404), a suspended organisation (409), and a period that
 * ends before it starts or has not ended yet (422; the ledger takes none that ends after its
 * block's time). The document's hash goes on-chain; the document is published by the organisation.
 */
export async function publishDisclosure(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  campaignId: bigint;
  request: TPublishDisclosureRequest;
  /** The clock a period must have ended by; the server's by default. */
  now?: Date;
}): Promise<AcceptedWrite> {
  const { campaignId, request } = options;
  const now = BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000));
  return campaignInPath(() =>
    acceptWrite({
      ...options,
      request: { campaignId, coversFrom: request.coversFrom, coversTo: request.coversTo, documentSha256: request.documentSha256, final: request.final },
      // A check of the request against the clock: a retry of a write accepted before is answered as the first time.
      async precheck() {
        if (request.coversFrom > request.coversTo) {
          throw new AppError(AppErrorCode.RefusedByLedger, `The period disclosed ends (${iso(request.coversTo)}) before it starts (${iso(request.coversFrom)}).`, {
            errors: [{ field: "coversTo", reason: "must not be before coversFrom" }],
          });
        }
        if (request.coversTo > now) {
          throw new AppError(AppErrorCode.RefusedByLedger, `The period disclosed has not ended yet (it ends ${iso(request.coversTo)}); the ledger takes a period once it is over.`, {
            errors: [{ field: "coversTo", reason: "must not be in the future" }],
          });
        }
      },
      payload: {
        kind: disclosure.kind,
        campaignId: campaignId.toString(),
        coversFrom: request.coversFrom.toString(),
        coversTo: request.coversTo.toString(),
        documentHash: request.documentSha256,
        final: request.final,
      },
    }),
  );
}

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
