/**
 * `npm run admin -- grant|revoke registrar|auditor ADDRESS [--rpc URL] [--ledger ADDRESS]`
 *
 * The admin's only job: granting and revoking the registrar and auditor roles. It runs apart from
 * the server, with its own key (ADMIN_PRIVATE_KEY; on the local development chain, development
 * account 0), so the running server never holds the admin key. The contract refuses to give an
 * address a second role.
 */
import { parseArgs } from "node:util";
import { Contract, JsonRpcProvider, Wallet, id } from "ethers";
import { DEV_ROLES, devAccount } from "../server/chain/dev-accounts.ts";
import { explainRevert } from "../server/chain/explain-revert.ts";
import { loadLedgerArtifact } from "../server/chain/ledger-artifact.ts";
import { revertDataOf } from "../server/chain/revert-data.ts";

const ROLES = { registrar: id("REGISTRAR_ROLE"), auditor: id("AUDITOR_ROLE") } as const;
const LOCAL_CHAIN_ID = 31337n;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rpc: { type: "string", default: process.env.RPC_URL ?? "http://127.0.0.1:8545" }, ledger: { type: "string", default: process.env.LEDGER_ADDRESS } },
  });
  const [action, roleName, account] = positionals;
  if ((action !== "grant" && action !== "revoke") || !(roleName! in ROLES) || !account || !values.ledger) {
    console.error("Usage: npm run admin -- grant|revoke registrar|auditor ADDRESS --ledger LEDGER_ADDRESS [--rpc URL]");
    process.exit(2);
  }
  const provider = new JsonRpcProvider(values.rpc, undefined, { staticNetwork: true });
  try {
    const chainId = BigInt(await provider.send("eth_chainId", []));
    const key = process.env.ADMIN_PRIVATE_KEY ?? (chainId === LOCAL_CHAIN_ID ? devAccount(DEV_ROLES.admin, provider).privateKey : undefined);
    if (!key) throw new Error("Set ADMIN_PRIVATE_KEY: the admin's key is never kept by the server.");
    const ledger = new Contract(values.ledger, loadLedgerArtifact().abi, new Wallet(key, provider));
    const role = ROLES[roleName as keyof typeof ROLES];
    try {
      const tx = await ledger.getFunction(action === "grant" ? "grantRole" : "revokeRole")(role, account);
      const receipt = await tx.wait();
      console.log(`${action === "grant" ? "Granted" : "Revoked"} ${roleName} ${action === "grant" ? "to" : "from"} ${account} in block ${receipt.blockNumber} (transaction ${receipt.hash}).`);
    } catch (error) {
      const data = revertDataOf(error);
      if (data === undefined) throw error;
      const refusal = explainRevert(loadLedgerArtifact().abi, data);
      throw new Error(`The ledger refused: ${refusal.message}`);
    }
  } finally {
    provider.destroy();
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
