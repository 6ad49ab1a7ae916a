/**
 * Seeds a history (seed-history.ts) from a process of its own, so signing a hundred thousand
 * transactions does not share the heap and thread of the server under measurement. Arguments: one
 * JSON object { rpcUrl, ledgerAddress, keys, shape, counters, seed, label, out }; progress lines on
 * stderr, the result as JSON in the file `out`.
 */
import { writeFileSync } from "node:fs";
import { createRawRpc } from "../../server/chain/raw-rpc.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { seedHistory } from "./seed-history.ts";

const options = JSON.parse(process.argv[2]!);
const result = await seedHistory({
  rpc: createRawRpc(options.rpcUrl, { timeoutMs: 600_000 }),
  abi: loadLedgerArtifact().abi,
  ledgerAddress: options.ledgerAddress,
  keys: options.keys,
  shape: options.shape,
  counters: options.counters,
  seed: options.seed,
  label: options.label,
  onProgress: (done) => process.stderr.write(`seeded ${options.label}: ${done}\n`),
});
writeFileSync(options.out, JSON.stringify(result));
