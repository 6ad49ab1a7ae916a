import express, { Router, type RequestHandler } from "express";
import { z } from "zod";
import { EVIDENCE_EXTENSIONS, EVIDENCE_MEDIA_TYPES } from "../../domain/evidence.ts";
import { LIMITS, ZAccessPurpose, ZSha256, ZUploadEvidenceQuery } from "../../domain/schemas.ts";
import { getEvidence } from "../../services/get-evidence.ts";
import { tooLarge, uploadEvidence, type EvidenceView } from "../../services/upload-evidence.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { BEARER, problemResponses, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";
import { baseUrl } from "./writes.ts";

/** A downloaded file is never run or shown in the page of this site: no script, no style, no frame, sandboxed. */
const DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";

/**
 * Evidence files: a charity uploads the bytes and gets their SHA-256 for a disbursement; its own
 * organisation and regulators download them. `auth` is authenticate() (with the per-client write
 * limit); the upload reads its body, raw bytes of any type, only once the client is known.
 */
export function evidenceRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post("/api/v1/evidence", auth, readFileBody, async (req, res) => {
    const query = parseOrThrow(ZUploadEvidenceQuery, req.query, { path: "query" });
    const { evidence, created } = await uploadEvidence({
      evidence: deps.evidence,
      principal: req.principal!,
      contentType: req.get("content-type"),
      content: Buffer.isBuffer(req.body) ? req.body : undefined,
      ...(query.filename !== undefined ? { filename: query.filename } : {}),
    });
    const body: TEvidenceResponse = { ...evidence, url: `${baseUrl(req, deps)}/api/v1/evidence/${evidence.sha256.slice(2)}` };
    res.status(created ? 201 : 200).location(body.url).set("Cache-Control", "no-store").json(body);
  });

  router.get("/api/v1/evidence/:sha256", auth, async (req, res) => {
    const sha256 = parseOrThrow(ZSha256, req.params.sha256, { path: "sha256" });
    const query = parseOrThrow(ZEvidenceReadQuery, req.query, { path: "query" });
    const file = await getEvidence({ evidence: deps.evidence, principal: req.principal!, sha256, accessLog: deps.accessLog, ...(query.purpose !== undefined ? { purpose: query.purpose } : {}) });
    // attachment() names the file (and guesses a type from its name): the stored type is set after it.
    res.attachment(file.filename ?? `${sha256.slice(2)}.${EVIDENCE_EXTENSIONS[file.mediaType]}`);
    res.set({
      "Content-Type": file.mediaType,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": DOWNLOAD_POLICY,
      "Cache-Control": "private, no-store",
      ETag: `"${sha256.slice(2)}"`,
    });
    res.send(Buffer.from(file.content));
  });

  return router;
}

/** `purpose` is required of a regulator (the read goes to the access log) and ignored for the organisation's own clients. */
export const ZEvidenceReadQuery = z.strictObject({ purpose: ZAccessPurpose.optional() });

const rawBody = express.raw({ type: () => true, limit: LIMITS.evidenceBytes });

/** The body as bytes, whatever its type; over LIMITS.evidenceBytes a 413 (the JSON routes answer 400). */
const readFileBody: RequestHandler = (req, res, next) => {
  rawBody(req, res, (error?: unknown) => next((error as { type?: string } | undefined)?.type === "entity.too.large" ? tooLarge() : error));
};

const ZHashHex = z.string().regex(/^0x[0-9a-f]{64}$/);

export const ZEvidenceResponse = z
  .object({
    sha256: ZHashHex.meta({ description: "SHA-256 of the bytes: send it as a disbursement's `evidenceSha256`." }),
    mediaType: z.enum(EVIDENCE_MEDIA_TYPES),
    size: z.int().min(1).meta({ description: "Bytes." }),
    filename: z.string().nullable().meta({ description: "The name given at the first upload (`?filename=`), if any." }),
    uploadedAt: z.string().meta({ description: "When the organisation first uploaded it, ISO 8601." }),
    url: z.string().meta({ description: "Absolute: GET it with a token of this organisation, or a regulator's, for the bytes." }),
  })
  .meta({ id: "EvidenceFile" });
export type TEvidenceResponse = z.infer<typeof ZEvidenceResponse>;
type _EvidenceAgrees = Agrees<SameShape<Omit<TEvidenceResponse, "url">, EvidenceView>>;

/** A body of raw bytes in each media type evidence is kept as. */
const FILE_BYTES = Object.fromEntries(EVIDENCE_MEDIA_TYPES.map((type) => [type, { schema: { type: "string" as const, contentMediaType: type } }]));

const evidenceAnswer = (description: string) => ({
  description,
  headers: z.object({ location: z.string().meta({ description: "The file's URL, as `url`." }) }),
  content: { "application/json": { schema: ZEvidenceResponse } },
});

export const evidenceOperations: RouteOperations = {
  "/api/v1/evidence": {
    post: {
      operationId: "uploadEvidence",
      tags: ["evidence"],
      summary: "Upload an evidence file (invoice, receipt, photo) and get its SHA-256",
      description:
        `The body is the file's bytes, sent as what it is (${EVIDENCE_MEDIA_TYPES.join(", ")}); its first bytes must agree with the Content-Type (415 otherwise), ` +
        `and it is at most ${LIMITS.evidenceBytes} bytes (413). Kept content-addressed for the client's own organisation; only the hash goes on-chain, in the disbursement. ` +
        "201 the first time this organisation sends these bytes, 200 when it sent them before (the first upload is answered, nothing is stored again).",
      security: BEARER,
      requestParams: { query: ZUploadEvidenceQuery },
      requestBody: { required: true, description: "The file's bytes, with its own media type as Content-Type.", content: FILE_BYTES },
      responses: {
        "201": evidenceAnswer("Kept: the first upload of these bytes by this organisation."),
        "200": evidenceAnswer("This organisation had uploaded these bytes already; nothing new is stored."),
        ...problemResponses(400, 401, 403, 413, 415, 429),
      },
    },
  },
  "/api/v1/evidence/{sha256}": {
    get: {
      operationId: "getEvidence",
      tags: ["evidence"],
      summary: "Download an evidence file by its SHA-256",
      description:
        "For a client of an organisation that uploaded it, or a regulator; anyone else gets 404, as for a file that is not kept. " +
        "A regulator must say why in `purpose` (400 otherwise): the download is written to the access log, which the organisation that uploaded the file reads. " +
        "Sent as an attachment with its media type, `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy.",
      security: BEARER,
      requestParams: { path: z.object({ sha256: ZSha256.meta({ description: "64 hex characters, with or without 0x." }) }), query: ZEvidenceReadQuery },
      responses: {
        "200": {
          description: "The file's bytes, as uploaded.",
          headers: z.object({
            "content-disposition": z.string().meta({ description: "attachment, with the file's name." }),
            "x-content-type-options": z.literal("nosniff"),
            "content-security-policy": z.string(),
          }),
          content: FILE_BYTES,
        },
        ...problemResponses(400, 401, 404),
      },
    },
  },
};
