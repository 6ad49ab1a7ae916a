import { randomBytes } from "node:crypto";
import { Transaction, type Interface, type Wallet } from "ethers";

const PER_TX = 100;

/**
 * `events` attested donations into one campaign, 100 per transaction (recordDonations), signed
 * locally and sent in JSON-RPC batches in nonce order: the fastest way to fill a local chain.
 * `signer` must be an operator of the campaign's organisation.
 */
export async function recordDonations(options: {
  rpc: { send(method: string, params: unknown[]): Promise<any>; batch(calls: [string, unknown[]][]): Promise<any[]> };
  signer: Wallet;
  ledgerAddress: string;
  campaignId: bigint;
  abi: Interface;
  events: number;
}): Promise<void> {
  const { rpc, signer } = options;
  const chainId = BigInt(await rpc.send("eth_chainId", []));
  let nonce = Number(BigInt(await rpc.send("eth_getTransactionCount", [signer.address, "pending"])));
  // Full blocks raise the base fee 12.5% a block: a cap of twice today's price falls behind after
  // six, and a node then holds every later transaction back (anvil queues them) for good.
  const fee = BigInt(await rpc.send("eth_gasPrice", [])) * 20n;
  const transactions = Math.ceil(options.events / PER_TX);
  for (let sent = 0; sent < transactions; ) {
    const chunk: [string, unknown[]][] = [];
    for (let i = 0; i < 50 && sent < transactions; i++, sent++) {
      const donations = Array.from({ length: PER_TX }, (_, k) => ({
        campaignId: options.campaignId,
        amount: 100n + BigInt(k),
        channel: 1,
        donorCommitment: "0x" + randomBytes(32).toString("hex"),
      }));
      const tx = Transaction.from({
        type: 2,
        chainId,
        nonce: nonce++,
        to: options.ledgerAddress,
        data: options.abi.encodeFunctionData("recordDonations", [donations]),
        gasLimit: 1_500_000n,
        maxFeePerGas: fee,
        maxPriorityFeePerGas: 0n,
      });
      chunk.push(["eth_sendRawTransaction", [await signer.signTransaction(tx)]]);
    }
    await rpc.batch(chunk); // throws on a refused transaction
  }
  // Some nodes (anvil) answer a send before mining it: done means every transaction is in a block.
  for (let i = 0; i < 6_000; i++) {
    if (Number(BigInt(await rpc.send("eth_getTransactionCount", [signer.address, "latest"]))) >= nonce) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the node did not mine the donations up to nonce ${nonce} within 5 minutes`);
}
