import { HDNodeWallet, Mnemonic, type JsonRpcProvider } from "ethers";

// Hardhat's well-known development mnemonic: these keys are public and fund only local chains.
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Development account `index` of the local chain, connected to `provider`. */
export function devAccount(index: number, provider: JsonRpcProvider): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`).connect(provider);
}

/**
 * Who does what on the local chain; one account per role, as the contract demands. The admin only
 * deploys and grants roles; the registrar onboards organisations; the auditor attests and confirms
 * (tests use it; the server never holds it); the server's auditor sends what regulators' clients
 * confirm through the API; the funder pays gas for the organisations' own keys; the two demo
 * charities each also keep a key of their own.
 */
export const DEV_ROLES = { admin: 0, registrar: 1, auditor: 2, relayer: 3, funder: 4, foundationOwnKey: 5, partnerOwnKey: 6, serverAuditor: 7 } as const;
