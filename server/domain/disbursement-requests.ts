import { z } from "zod";
import { LIMITS, ZRecordDisbursementRequest } from "./schemas.ts";

/** Up to 500 disbursements in one request, all accepted or none, each as POST /api/v1/disbursements takes it. */
export const ZRecordDisbursementBatchRequest = z.strictObject({
  disbursements: z
    .array(ZRecordDisbursementRequest)
    .min(1, "must hold at least one disbursement")
    .max(LIMITS.batchSize, `must hold at most ${LIMITS.batchSize} disbursements`),
});
export type TRecordDisbursementBatchRequest = z.infer<typeof ZRecordDisbursementBatchRequest>;

/** A confirmation carries nothing but the disbursement in its path; an empty object is taken too. */
export const ZConfirmDisbursementRequest = z.strictObject({});
