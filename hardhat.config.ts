import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import { defineConfig } from "hardhat/config";

// The compiler comes from the npm `solc` package (solc-js), so compiling never downloads anything.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;

export default defineConfig({
  plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatMocha, hardhatNetworkHelpers],
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      viaIR: true,
      evmVersion: "cancun",
    },
  },
  networks: {
    // The embedded chain `npm start` runs. Its genesis time is pinned when the project rebuilds
    // the chain from its journal, so the rebuilt blocks hash exactly as before.
    localLedger: {
      type: "edr-simulated",
      chainType: "l1",
      chainId: 31337,
      // Many blocks a second (one per write under automine) would otherwise each add a second and
      // run the chain's clock ahead of the wall clock.
      allowBlocksWithSameTimestamp: true,
      ...(process.env.LEDGER_CHAIN_GENESIS_TIME
        ? { initialDate: new Date(Number(process.env.LEDGER_CHAIN_GENESIS_TIME) * 1000) }
        : {}),
    },
  },
  paths: {
    tests: { mocha: "test" },
  },
  test: {
    mocha: {
      timeout: 120_000,
      // Mocha's programmatic API ignores `require`, so the root hook is given here. Test support
      // code registers its cleanup on globalThis, which keeps this config free of imports.
      rootHooks: {
        async afterAll() {
          const { __ledgerTestCleanup: stop, __ledgerAnswerCheck: checkAnswers } = globalThis as {
            __ledgerTestCleanup?: () => Promise<void>;
            __ledgerAnswerCheck?: () => void;
          };
          try {
            // Every answer the tests got through test/support/http.ts, against the OpenAPI document.
            checkAnswers?.();
          } finally {
            await stop?.();
          }
        },
      },
    },
  },
});
