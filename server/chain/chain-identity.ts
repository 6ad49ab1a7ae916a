import type { JsonRpcProvider } from "ethers";
import { ChainMismatchError } from "./errors.ts";
import type { ChainIdentity } from "../domain/chain-identity.ts";
import { fetchHeader } from "./headers.ts";

/**
 * The mirror belongs to one chain (id and genesis block) and one contract. If the node behind
 * RPC_URL is another chain, or the same local chain restarted empty, refuse to mix them. A chain
 * that is merely shorter than the mirror lost blocks: the indexer rolls back to the common ancestor.
 */
export async function checkChainIdentity(provider: JsonRpcProvider, cursor: ChainIdentity, ledgerAddress: string): Promise<void> {
  const chainId = BigInt(await provider.send("eth_chainId", []));
  const genesis = await fetchHeader(provider, 0n);
  const where = `the mirror was built from chain ${cursor.chainId} (genesis ${cursor.genesisHash.slice(0, 10)}…, ledger ${cursor.ledgerAddress})`;
  if (chainId !== cursor.chainId) {
    throw new ChainMismatchError(`The node reports chain id ${chainId}, but ${where}. Point RPC_URL at that chain or use an empty database.`);
  }
  if (!genesis || genesis.hash !== cursor.genesisHash) {
    throw new ChainMismatchError(
      `The node's genesis block is ${genesis?.hash.slice(0, 10)}…, but ${where}: the chain was restarted or replaced. ` +
        `The mirror will not mix two chains; rebuild the chain or use an empty database.`,
    );
  }
  if (ledgerAddress.toLowerCase() !== cursor.ledgerAddress) {
    throw new ChainMismatchError(`LEDGER_ADDRESS is ${ledgerAddress}, but ${where}.`);
  }
}
