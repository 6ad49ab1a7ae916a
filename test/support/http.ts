import { recordAnswer } from "./openapi-answers.ts";

/**
 * A thin HTTP client for tests: JSON (or raw bytes) in, status + headers + parsed body out. Every
 * answer is recorded and checked against the OpenAPI document (test/support/openapi-answers.ts).
 */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string | Uint8Array; token?: string; headers?: Record<string, string>; bytes?: boolean } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: (options.rawBody as BodyInit | undefined) ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    redirect: "manual",
  });
  // JSON parsed; with `bytes`, any other answer as a Buffer (a file), else as text.
  const raw = Buffer.from(await response.arrayBuffer());
  let body: unknown = options.bytes ? raw : raw.toString("utf8");
  if (/json/.test(response.headers.get("content-type") ?? "")) body = JSON.parse(raw.toString("utf8"));
  recordAnswer({ method, path: new URL(baseUrl + path).pathname, status: response.status, headers: response.headers, body });
  return { status: response.status, headers: response.headers, body: body as T };
}

export async function tokenFor(baseUrl: string, clientId: string, secret: string): Promise<string> {
  const answer = await call(baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: clientId, client_secret: secret } });
  if (answer.status !== 200) throw new Error(`token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

let counter = 0;
export function newKey(label = "test"): string {
  return `${label}-${process.pid}-${Date.now()}-${++counter}`;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
