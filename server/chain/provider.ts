import { JsonRpcProvider, Network, type JsonRpcPayload, type JsonRpcResult } from "ethers";

/** Methods whose request, sent twice, does nothing the first did not: only these are sent again. */
const WRITES = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

/**
 * A provider that sends a read again, once, when the node closed the kept-alive connection just
 * as the request went out on it ("socket hang up", ECONNRESET): a node's HTTP server drops idle
 * sockets after a few seconds, and a request that races that drop never reached the node.
 */
class ReconnectingProvider extends JsonRpcProvider {
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    try {
      return await super._send(payload);
    } catch (error) {
      const reads = (Array.isArray(payload) ? payload : [payload]).every((p) => !WRITES.has(p.method));
      if (!reads || !isDroppedConnection(error)) throw error;
      return super._send(payload);
    }
  }
}

export function isDroppedConnection(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: { code?: string } } | undefined;
  return e?.code === "ECONNRESET" || e?.cause?.code === "ECONNRESET" || /socket hang up/i.test(e?.message ?? "");
}

/**
 * A provider without ethers' 250 ms call cache (a nonce read right after a send would be
 * stale) and with the chain id fixed after one check, so it never polls for network changes.
 */
export async function createProvider(rpcUrl: string): Promise<JsonRpcProvider> {
  const probe = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const chainId = BigInt(await probe.send("eth_chainId", []));
  probe.destroy();
  return new ReconnectingProvider(rpcUrl, Network.from(chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 100,
    // Calls made together still share one request; a lone call is not held back 10 ms (ethers'
    // default) waiting for company, which on the submitter's path cost 10 ms per call.
    batchStallTime: 0,
    polling: false,
  });
}
