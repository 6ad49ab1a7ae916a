import { HDNodeWallet, Mnemonic, type JsonRpcProvider } from "ethers";

// Hardhat's well-known development mnemonic: these keys are public and fund only local chains.
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Development account `index` of the local chain, connected to `provider`. */
export function devAccount(index: number, provider: JsonRpcProvider): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`).connect(provider);
}

/** Who does what on the local chain: 0 deploys and registers, 1 submits the API's writes, 2 is a charity's own key. */
export const DEV_ROLES = { registrar: 0, submitter: 1, charityOperator: 2 } as const;
