import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { receiptOf, type DonationReceipt } from "../domain/receipt.ts";
import type { TraceStore } from "../db/trace-rows.ts";
import { getDonationTrace } from "./get-donation-trace.ts";
import type { TraceCache } from "./trace-cache.ts";

/**
 * A gift's receipt by its tracking code. Without a principal the reader is the donor, whose code is
 * the key (the public receipt page, like the tracking page). With one, the API's reader: a client of
 * the organisation that received the gift, or a regulator. Anyone else is told there is no such
 * gift, exactly as for an unknown code, so a token cannot be used to learn which codes exist.
 */
export async function getDonationReceipt(options: { traceRows: TraceStore; cache?: TraceCache; trackingCode: string; principal?: Principal }): Promise<DonationReceipt> {
  const { principal } = options;
  const unknown = () => new AppError(AppErrorCode.NotFound, "No gift has this tracking code for this client.", { errors: [{ field: "trackingCode", reason: "unknown tracking code" }] });
  if (principal && principal.role !== "regulator" && !(principal.role === "charity" && principal.organisationId !== undefined)) throw unknown();
  let receipt: DonationReceipt;
  try {
    receipt = receiptOf(await getDonationTrace({ traceRows: options.traceRows, trackingCode: options.trackingCode, ...(options.cache ? { cache: options.cache } : {}) }));
  } catch (error) {
    if (principal && error instanceof AppError && error.code === AppErrorCode.NotFound) throw unknown();
    throw error;
  }
  if (principal?.role === "charity" && BigInt(receipt.organisation.id) !== principal.organisationId) throw unknown();
  return receipt;
}
