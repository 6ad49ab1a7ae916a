/** Which chain and contract a mirror belongs to: it never follows another. */
export interface ChainIdentity {
  chainId: bigint;
  genesisHash: string;
  ledgerAddress: string;
}
