import { AppError } from "../domain/errors.ts";

/**
 * Runs a write about the campaign named in the request's path: accepting names a refused campaign
 * `campaignId`, as a body field would be; here the client sent it as the path's `id`.
 */
export async function campaignInPath<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof AppError) || !error.errors.some((e) => e.field === "campaignId")) throw error;
    throw new AppError(error.code, error.message, { errors: error.errors.map((e) => (e.field === "campaignId" ? { ...e, field: "id" } : e)), extra: error.extra });
  }
}
