/**
 * `npm run find-gift -- CODE [--rpc URL] [--ledger ADDRESS]`: finds a gift on the chain with nothing
 * but its tracking code. No database and no server: anyone with a chain node can check.
 */
import { parseArgs } from "node:util";
import { findGiftOnChain } from "../server/chain/find-gift-on-chain.ts";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rpc: { type: "string", default: process.env.RPC_URL ?? "http://127.0.0.1:8545" }, ledger: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const code = positionals.join("");
  if (!code) {
    console.error("Usage: npm run find-gift -- DN-XXXX-XXXX-XXXX-XXXX [--rpc URL] [--ledger ADDRESS] [--json]");
    process.exit(2);
  }
  const gift = await findGiftOnChain({ rpcUrl: values.rpc!, trackingCode: code, ...(values.ledger ? { ledgerAddress: values.ledger } : {}) });
  if (!gift) {
    console.error(`No donation on the chain at ${values.rpc} carries the commitment of ${code}.`);
    process.exit(1);
  }
  if (values.json) {
    console.log(JSON.stringify(gift, null, 2));
    return;
  }
  const d = gift.donation;
  const lines = [
    `Gift ${gift.trackingCode}`,
    `  donor commitment  ${gift.donorCommitment}`,
    `  ledger            ${gift.ledgerAddress}`,
    `  record ${d.recordId}: ${d.amount} minor units to campaign ${d.campaignId}${gift.campaign ? ` (“${gift.campaign.title}”)` : ""}` +
      `${gift.organisation ? ` of ${gift.organisation.name}` : ""}`,
    `  block ${d.blockNumber}, transaction ${d.txHash}, log ${d.logIndex}, authorised by ${d.authorisedBy}`,
    ...gift.spent.map(
      (s) =>
        `  ${s.amount} → ${s.kind} record ${s.recordId} (block ${s.blockNumber}, transaction ${s.txHash})` +
        (s.returned ? `, ${s.returned.amount} came back when the grant was refused (record ${s.returned.recordId})` : ""),
    ),
    `  still held by the campaign: ${gift.unspent}`,
  ];
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
