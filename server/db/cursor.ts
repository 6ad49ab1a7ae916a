import type pg from "pg";
import type { ChainIdentity } from "../domain/chain-identity.ts";

/** How far the mirror has read, and from which chain and contract. */
export interface Cursor extends ChainIdentity {
  deployBlock: bigint;
  blockNumber: bigint;
  blockHash: string;
}

export async function readCursor(db: pg.Pool | pg.PoolClient | pg.Client): Promise<Cursor | undefined> {
  const { rows } = await db.query(
    `SELECT chain_id, ledger_address, genesis_hash, deploy_block, block_number, block_hash FROM indexer_cursor WHERE id = 1`,
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    chainId: BigInt(r.chain_id),
    ledgerAddress: r.ledger_address,
    genesisHash: r.genesis_hash,
    deployBlock: BigInt(r.deploy_block),
    blockNumber: BigInt(r.block_number),
    blockHash: r.block_hash,
  };
}

/** Binds an empty mirror to one chain and contract; the mirror never follows another. */
export async function initCursor(db: pg.Pool, cursor: Cursor): Promise<void> {
  await db.query(
    `INSERT INTO indexer_cursor (id, chain_id, ledger_address, genesis_hash, deploy_block, block_number, block_hash)
     VALUES (1, $1, $2, $3, $4, $5, $6)`,
    [cursor.chainId, cursor.ledgerAddress.toLowerCase(), cursor.genesisHash, cursor.deployBlock, cursor.blockNumber, cursor.blockHash],
  );
}
