/**
 * `npm run registrar -- public-fundraising ORG_ID on|off [--rpc URL] [--ledger ADDRESS]`
 *
 * Records on the ledger whether an organisation holds the civil-affairs authority's
 * public-fundraising qualification (公开募捐资格), which decides which annual spending rules apply
 * to it. Runs with the registrar's key (REGISTRAR_PRIVATE_KEY; on the local development chain,
 * development account 1), apart from the API: the API never changes an organisation's standing.
 * The contract refuses a change that changes nothing, and an organisation that is not registered.
 */
import { parseArgs } from "node:util";
import { JsonRpcProvider, Wallet } from "ethers";
import { DEV_ROLES, devAccount } from "../server/chain/dev-accounts.ts";
import { explainRevert } from "../server/chain/explain-revert.ts";
import { loadLedgerArtifact } from "../server/chain/ledger-artifact.ts";
import { ledgerAdmin } from "../server/chain/ledger-admin.ts";
import { revertDataOf } from "../server/chain/revert-data.ts";

const LOCAL_CHAIN_ID = 31337n;
const USAGE = "Usage: npm run registrar -- public-fundraising ORG_ID on|off --ledger LEDGER_ADDRESS [--rpc URL]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rpc: { type: "string", default: process.env.RPC_URL ?? "http://127.0.0.1:8545" }, ledger: { type: "string", default: process.env.LEDGER_ADDRESS } },
  });
  const [action, orgText, state] = positionals;
  if (action !== "public-fundraising" || !/^[1-9]\d{0,18}$/.test(orgText ?? "") || (state !== "on" && state !== "off") || !values.ledger) {
    console.error(USAGE);
    process.exit(2);
  }
  const orgId = BigInt(orgText!);
  const provider = new JsonRpcProvider(values.rpc, undefined, { staticNetwork: true });
  try {
    const chainId = BigInt(await provider.send("eth_chainId", []));
    const key = process.env.REGISTRAR_PRIVATE_KEY ?? (chainId === LOCAL_CHAIN_ID ? devAccount(DEV_ROLES.registrar, provider).privateKey : undefined);
    if (!key) throw new Error("Set REGISTRAR_PRIVATE_KEY: only the registrar records an organisation's public-fundraising status.");
    try {
      const done = await ledgerAdmin(values.ledger, new Wallet(key, provider)).setPublicFundraising(orgId, state === "on");
      console.log(`Organisation ${orgId} ${state === "on" ? "holds" : "no longer holds"} public-fundraising status from block ${done.block} (transaction ${done.txHash}).`);
    } catch (error) {
      const data = revertDataOf(error);
      if (data === undefined) throw error;
      throw new Error(`The ledger refused: ${explainRevert(loadLedgerArtifact().abi, data).message}`);
    }
  } finally {
    provider.destroy();
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
