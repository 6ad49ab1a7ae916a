import type { ChainReader } from "./raw-rpc.ts";

/** What the mirror keeps of a block: enough to anchor rows to it and to notice a reorganisation. */
export interface BlockHeader {
  number: bigint;
  hash: string;
  parentHash: string;
  timestamp: bigint;
}

export interface RawBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

export async function fetchHeader(provider: ChainReader, number: bigint): Promise<BlockHeader | undefined> {
  const block = (await provider.send("eth_getBlockByNumber", [hex(number), false])) as RawBlock | null;
  return block ? toHeader(block) : undefined;
}

export function toHeader(block: RawBlock): BlockHeader {
  return {
    number: BigInt(block.number),
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp: BigInt(block.timestamp),
  };
}

export const hex = (n: bigint) => "0x" + n.toString(16);
