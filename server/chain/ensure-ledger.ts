import { ContractFactory, keccak256, toUtf8Bytes, type ContractTransactionResponse, type JsonRpcProvider, type Wallet } from "ethers";
import type { Logger } from "pino";
import type { ChainIdentity } from "../domain/chain-identity.ts";
import { checkChainIdentity } from "./chain-identity.ts";
import { ChainMismatchError } from "./errors.ts";
import { fetchHeader, type BlockHeader } from "./headers.ts";
import { loadArtifact, loadLedgerArtifact } from "./ledger-artifact.ts";

export interface LedgerDeployment {
  address: string;
  deployBlock: bigint;
  /**
   * Set when the mirror is empty: the chain it must be bound to, and the block before the
   * deployment, from which the indexer starts.
   */
  bindMirror?: ChainIdentity & { deployBlock: bigint; start: BlockHeader };
}

export interface EnsureLedgerOptions {
  provider: JsonRpcProvider;
  /** What the mirror already follows, if anything. */
  mirror?: ChainIdentity & { deployBlock: bigint };
  /**
   * The admin's key: deploys the forwarder and the ledger when neither the mirror nor the
   * configuration names one. Only the deployment uses it; the running server keeps no admin key.
   */
  deployer?: Wallet;
  /** Registrar address granted at deployment (never the admin: one address, one role). */
  registrar?: string;
  /** Auditor addresses granted at deployment. */
  auditors?: string[];
  configuredAddress?: string;
  logger: Logger;
}

/**
 * Finds the ledger the mirror follows, or the configured one, or deploys one; for an empty mirror
 * it says what to bind it to. A mirror that belongs to another chain or contract stops here with a
 * clear message. Chain only: the caller owns the database.
 */
export async function ensureLedger(options: EnsureLedgerOptions): Promise<LedgerDeployment> {
  const { provider, logger } = options;
  const cursor = options.mirror;
  if (cursor) {
    await checkChainIdentity(provider, cursor, options.configuredAddress ?? cursor.ledgerAddress);
    const code = await provider.getCode(cursor.ledgerAddress);
    if (code === "0x") throw new ChainMismatchError(`No contract at ${cursor.ledgerAddress}, the ledger this mirror was built from.`);
    return { address: cursor.ledgerAddress, deployBlock: cursor.deployBlock };
  }

  let deployment: LedgerDeployment;
  if (options.configuredAddress) {
    deployment = { address: options.configuredAddress.toLowerCase(), deployBlock: await findDeployBlock(provider, options.configuredAddress) };
  } else {
    if (!options.deployer || !options.registrar) {
      throw new Error("No ledger to follow: set LEDGER_ADDRESS, or ADMIN_PRIVATE_KEY and REGISTRAR_PRIVATE_KEY to deploy one.");
    }
    const forwarderArtifact = loadArtifact("LedgerForwarder");
    const forwarder = await new ContractFactory(forwarderArtifact.abi, forwarderArtifact.bytecode, options.deployer).deploy();
    await forwarder.deploymentTransaction()!.wait();
    const { abi, bytecode } = loadLedgerArtifact();
    const factory = new ContractFactory(abi, bytecode, options.deployer);
    const admin = await options.deployer.getAddress();
    const contract = await factory.deploy(admin, options.registrar, await forwarder.getAddress());
    const receipt = await contract.deploymentTransaction()!.wait();
    const auditorRole = keccak256(toUtf8Bytes("AUDITOR_ROLE"));
    for (const auditor of options.auditors ?? []) {
      await (await (contract.getFunction("grantRole") as (r: string, a: string) => Promise<ContractTransactionResponse>)(auditorRole, auditor)).wait();
    }
    deployment = { address: (await contract.getAddress()).toLowerCase(), deployBlock: BigInt(receipt!.blockNumber) };
    logger.info({ address: deployment.address, forwarder: await forwarder.getAddress(), block: deployment.deployBlock }, "ledger deployed");
  }

  const chainId = BigInt(await provider.send("eth_chainId", []));
  const genesis = (await fetchHeader(provider, 0n))!;
  const start = (await fetchHeader(provider, deployment.deployBlock - 1n))!;
  return { ...deployment, bindMirror: { chainId, ledgerAddress: deployment.address, genesisHash: genesis.hash, deployBlock: deployment.deployBlock, start } };
}

/** Binary search for the first block with code at `address` (needs a node that serves history). */
async function findDeployBlock(provider: JsonRpcProvider, address: string): Promise<bigint> {
  let high = BigInt(await provider.getBlockNumber());
  if ((await provider.getCode(address, high)) === "0x") throw new Error(`No contract at LEDGER_ADDRESS ${address}.`);
  let low = 0n;
  while (low < high) {
    const mid = (low + high) / 2n;
    if ((await provider.getCode(address, mid)) === "0x") low = mid + 1n;
    else high = mid;
  }
  return low;
}
