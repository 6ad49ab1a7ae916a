import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openApiDocument } from "../../server/http/openapi.ts";

/**
 * Every answer the tests get through test/support/http.ts's `call`, checked against the OpenAPI
 * document: the operation it answers (method and path), the documented response for its status
 * (or `default`), that response's media type, its required headers, and its JSON body against the
 * schema. The OpenAPI test checks all recorded answers and that every operation has a real 2xx;
 * the root hook (hardhat.config.ts) checks the answers recorded after it, so an end-to-end test
 * whose answer does not match its documented schema fails the run whatever order the files run in.
 */

export interface RecordedAnswer {
  method: string;
  /** The path without the query. */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
  /** The test file that made the call, for the failure message. */
  from: string;
}

export interface AnswerCheck {
  answer: RecordedAnswer;
  /** `GET /api/v1/flows`, or undefined when no documented operation has this method and path. */
  operation?: string;
  problems: string[];
}

const recorded: RecordedAnswer[] = [];
let checkedUpTo = 0;

export function recordAnswer(answer: Omit<RecordedAnswer, "from">): void {
  recorded.push({ ...answer, from: callerFile() });
}

/** Checks the answers recorded since the last call; each answer is checked once. */
export function checkNewAnswers(): AnswerCheck[] {
  const fresh = recorded.slice(checkedUpTo);
  checkedUpTo = recorded.length;
  return fresh.map(checkAnswer);
}

export interface DocumentedOperation {
  method: string;
  /** The path template, `/api/v1/track/{trackingCode}`. */
  path: string;
  /** `GET /api/v1/track/{trackingCode}` */
  name: string;
  matches(method: string, path: string): boolean;
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, unknown> }>;
}

type Document = ReturnType<typeof openApiDocument>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

let cache: { document: Document; operations: DocumentedOperation[]; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function state() {
  if (cache) return cache;
  const document = openApiDocument();
  const operations: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
      operations.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        matches: (m, p) => m === method.toUpperCase() && pattern.test(p),
        responses: (operation.responses ?? {}) as DocumentedOperation["responses"],
      });
    }
  }
  // The whole document is one schema resource, so each response schema's `#/components/...` refs resolve.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
  addFormats(ajv);
  ajv.addSchema(structuredClone(document) as object, DOCUMENT_ID);
  cache = { document, operations, ajv, validators: new Map() };
  return cache;
}

const DOCUMENT_ID = "urn:donation-ledger:openapi";

export function documentedOperations(): DocumentedOperation[] {
  return state().operations;
}

export function operationFor(method: string, path: string): DocumentedOperation | undefined {
  return state().operations.find((o) => o.matches(method.toUpperCase(), path));
}

/** The compiled JSON Schema (2020-12) of an operation's response body, by status key and media type. */
export function responseValidator(operation: DocumentedOperation, statusKey: string, mediaType: string): ValidateFunction {
  const { ajv, validators } = state();
  const pointer = ["paths", operation.path, operation.method.toLowerCase(), "responses", statusKey, "content", mediaType, "schema"]
    .map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1"))
    .map(encodeURIComponent)
    .join("/");
  const ref = `${DOCUMENT_ID}#/${pointer}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

export function checkAnswer(answer: RecordedAnswer): AnswerCheck {
  const operation = operationFor(answer.method, answer.path);
  if (!operation) return { answer, problems: [] };
  const problems: string[] = [];
  const statusKey = String(answer.status) in operation.responses ? String(answer.status) : "default";
  const response = operation.responses[statusKey];
  if (!response || (statusKey === "default" && answer.status < 400)) {
    problems.push(`status ${answer.status} is not documented`);
    return { answer, operation: operation.name, problems };
  }
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required && answer.headers.get(name) === null) problems.push(`the required header ${name} is missing`);
  }
  const mediaType = (answer.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const documented = Object.keys(response.content ?? {});
  if (!documented.includes(mediaType)) {
    problems.push(`content type "${mediaType}" is not documented for ${answer.status} (documented: ${documented.join(", ") || "none"})`);
  } else if (/json$/.test(mediaType)) {
    const validate = responseValidator(operation, statusKey, mediaType);
    if (!validate(answer.body)) {
      for (const error of validate.errors ?? []) {
        problems.push(`body${error.instancePath || ""} ${error.message ?? "does not match"}${error.params ? ` ${JSON.stringify(error.params)}` : ""}`);
      }
    }
  }
  return { answer, operation: operation.name, problems };
}

/** One line per problem, naming the answer and the test file it came from. */
export function describeProblems(checks: AnswerCheck[]): string {
  return checks
    .filter((c) => c.problems.length > 0)
    .flatMap((c) => c.problems.map((p) => `${c.answer.method} ${c.answer.path} → ${c.answer.status} (${c.operation}, from ${c.answer.from}): ${p}`))
    .join("\n");
}

function callerFile(): string {
  const lines = (new Error().stack ?? "").split("\n");
  const line = lines.find((l) => /\/test\//.test(l) && !/\/test\/support\//.test(l));
  return line?.match(/\/(test\/[^:)]+)/)?.[1] ?? "unknown";
}

/** Registered for the root hook in hardhat.config.ts, which keeps that file free of imports. */
(globalThis as { __ledgerAnswerCheck?: () => void }).__ledgerAnswerCheck = () => {
  const problems = describeProblems(checkNewAnswers());
  if (problems) throw new Error(`answers that do not match the OpenAPI document (server/http/openapi.ts):\n${problems}`);
};
