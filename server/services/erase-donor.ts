import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { OutboxStore } from "../db/outbox.ts";

/**
 * Removes the link between a donation and the person who gave it (PIPL erasure). The ledger keeps
 * the donation and its commitment; what tied it to a person (the charity's donor reference) is
 * deleted, and nothing else stored can lead back: the commitment derives from the tracking code,
 * which is not stored, and request fingerprints never covered the donor reference. Erasing twice
 * is not an error: the link is gone either way.
 */
export async function eraseDonor(options: { outbox: OutboxStore; principal: Principal; writeId: bigint }): Promise<{ erased: boolean }> {
  const { outbox, principal } = options;
  if (principal.role !== "charity" || principal.organisationId === undefined) {
    throw new AppError(AppErrorCode.Forbidden, "Only the organisation that recorded a donation can erase its donor link.");
  }
  const entry = await outbox.read(options.writeId);
  if (!entry || entry.kind !== "donation" || entry.organisationId !== principal.organisationId) {
    throw new AppError(AppErrorCode.NotFound, `No donation ${options.writeId} of this organisation.`);
  }
  return { erased: await outbox.eraseDonorLink(entry.id) };
}
