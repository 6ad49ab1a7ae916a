import { Wallet, type Signer } from "ethers";
import { ledgerAdmin } from "../chain/ledger-admin.ts";
import type { OrgSigners } from "../db/org-signers.ts";
import type { OutboxStore } from "../db/outbox.ts";

export interface RotateOrgKeyOptions {
  outbox: OutboxStore;
  ledgerAddress: string;
  registrar: Signer;
  orgSigners: OrgSigners;
  funder?: Signer;
  fundingWei: bigint;
  orgId: bigint;
  /** How long to wait for the old key's last transactions before removing it on-chain. */
  drainTimeoutMs?: number;
}

/**
 * Replaces the key the server signs an organisation's writes with (scheduled rotation, or a key
 * that may have leaked). The new key is on-chain before the server uses it; the old one signs
 * nothing new, and is removed on-chain once its last transaction is through. History is kept: an
 * address stays bound to its organisation for good, so every record the old key authorised is
 * still attributed to the organisation.
 */
export async function rotateOrgKey(options: RotateOrgKeyOptions): Promise<{ oldAddress: string | undefined; newAddress: string }> {
  const old = await options.orgSigners.active(options.orgId);
  const fresh = Wallet.createRandom();
  const registrar = ledgerAdmin(options.ledgerAddress, options.registrar);
  await registrar.addOperator(options.orgId, fresh.address);
  if (options.funder && options.fundingWei > 0n) {
    await (await options.funder.sendTransaction({ to: fresh.address, value: options.fundingWei })).wait();
  }
  // The new key is active from here (it is the newest); the old one signs nothing more.
  const signer = await options.orgSigners.store(options.orgId, fresh.privateKey);
  if (old) {
    await options.orgSigners.retire(old.address);
    await drained(options.outbox, old.address.toLowerCase(), options.drainTimeoutMs ?? 120_000);
    await registrar.removeOperator(options.orgId, old.address);
  }
  return { oldAddress: old?.address.toLowerCase(), newAddress: signer.address.toLowerCase() };
}

async function drained(outbox: OutboxStore, sender: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await outbox.inFlight(sender)) > 0) {
    if (Date.now() > deadline) throw new Error(`Key ${sender} still has writes in flight after ${timeoutMs} ms; it stays an operator until they are through.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
