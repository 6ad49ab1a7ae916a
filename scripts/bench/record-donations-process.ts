/**
 * Records donations from a process of its own (see record-donations.ts), so the garbage of signing
 * a million of them is not left in the heap of the server under measurement.
 * Arguments: one JSON object { rpcUrl, privateKey, ledgerAddress, campaignId, events }.
 */
import { Wallet } from "ethers";
import { createRawRpc } from "../../server/chain/raw-rpc.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { recordDonations } from "./record-donations.ts";

const options = JSON.parse(process.argv[2]!) as { rpcUrl: string; privateKey: string; ledgerAddress: string; campaignId: string; events: number };
await recordDonations({
  rpc: createRawRpc(options.rpcUrl, { timeoutMs: 300_000 }),
  signer: new Wallet(options.privateKey),
  ledgerAddress: options.ledgerAddress,
  campaignId: BigInt(options.campaignId),
  abi: loadLedgerArtifact().abi,
  events: options.events,
});
