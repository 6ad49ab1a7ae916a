import { JsonRpcProvider, Network } from "ethers";

/**
 * A provider without ethers' 250 ms call cache (a nonce read right after a send would be
 * stale) and with the chain id fixed after one check, so it never polls for network changes.
 */
export async function createProvider(rpcUrl: string): Promise<JsonRpcProvider> {
  const probe = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const chainId = BigInt(await probe.send("eth_chainId", []));
  probe.destroy();
  return new JsonRpcProvider(rpcUrl, Network.from(chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 100,
    // Calls made together still share one request; a lone call is not held back 10 ms (ethers'
    // default) waiting for company, which on the submitter's path cost 10 ms per call.
    batchStallTime: 0,
    polling: false,
  });
}
