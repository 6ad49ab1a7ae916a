/**
 * A JSON-RPC client for the indexer's bulk reads (logs and headers): plain fetch, whose JSON
 * reading is linear in the response size (ethers' Node transport rebuilds the body on every
 * chunk, quadratic on the tens of megabytes a log range can return), with batches and a timeout.
 */
export interface ChainReader {
  send(method: string, params: unknown[]): Promise<any>;
  /** Several calls in one request, answers in the order asked. */
  batch?(calls: [method: string, params: unknown[]][]): Promise<any[]>;
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** An answer larger than the transport accepts: the caller reads a smaller range. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response too large: over ${limitBytes} bytes`);
    this.name = "ResponseTooLargeError";
  }
}

/** 64 MiB: a few hundred thousand logs, far above what the indexer's sized ranges return. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export function createRawRpc(url: string, options: { timeoutMs?: number; maxResponseBytes?: number } = {}): Required<ChainReader> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let id = 0;
  async function post(body: unknown): Promise<unknown> {
    const request = () =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    // A kept-alive connection the node closed while idle (Hardhat's does after 5 s) fails the next
    // request before it is read: that one request is tried once more on a new connection.
    const response = await request().catch((error: Error) => {
      if ((error.cause as { code?: string } | undefined)?.code !== "UND_ERR_SOCKET") throw error;
      return request();
    });
    if (!response.ok) throw new RpcError(-32603, `the node answered HTTP ${response.status}`);
    return JSON.parse(await readCapped(response, maxBytes));
  }
  const unwrap = (answer: { result?: unknown; error?: { code: number; message: string; data?: unknown } }) => {
    if (answer.error) throw new RpcError(answer.error.code, answer.error.message, answer.error.data);
    return answer.result;
  };
  return {
    async send(method, params) {
      return unwrap((await post({ jsonrpc: "2.0", id: ++id, method, params })) as never);
    },
    async batch(calls) {
      if (calls.length === 0) return [];
      const first = id + 1;
      id += calls.length;
      const answers = (await post(calls.map(([method, params], i) => ({ jsonrpc: "2.0", id: first + i, method, params })))) as { id: number }[];
      if (!Array.isArray(answers)) return [unwrap(answers as never)];
      const byId = new Map(answers.map((a) => [a.id, a]));
      return calls.map((_, i) => unwrap(byId.get(first + i) as never));
    },
  };
}

/** The body as text, refused as soon as it passes `maxBytes` (memory stays bounded whatever the node sends). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ResponseTooLargeError(maxBytes); // leaving the loop cancels the body
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
