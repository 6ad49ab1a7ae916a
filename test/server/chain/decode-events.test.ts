import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, ZeroAddress, type EventFragment, type ParamType } from "ethers";
import { bytes32ToText, decodeLedgerLogs, LogDecodeError, type RawLog } from "../../../server/chain/decode-events.ts";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { LEDGER_EVENTS, type LedgerEventName } from "../../../server/domain/ledger-events.ts";

const abi = loadLedgerArtifact().abi;
const coder = AbiCoder.defaultAbiCoder();
const events: EventFragment[] = [];
abi.forEachEvent((fragment) => events.push(fragment));

/** A random value an ABI type can carry, including the edges (zero, the largest, empty and non-ASCII strings). */
function valueOf(param: ParamType): fc.Arbitrary<unknown> {
  const uint = /^uint(\d*)$/.exec(param.type);
  if (uint) return fc.bigInt({ min: 0n, max: 2n ** BigInt(uint[1] || 256) - 1n });
  if (/^int/.test(param.type)) return fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n });
  if (param.type === "bool") return fc.boolean();
  if (param.type === "address") return fc.oneof(fc.constant(ZeroAddress), fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex));
  if (param.type === "string") return fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constant("tab\tnew\nline\\ and \0 NUL"));
  const bytes = /^bytes(\d+)$/.exec(param.type);
  if (bytes) return fc.oneof(fc.constant("0x" + "00".repeat(Number(bytes[1]))), fc.uint8Array({ minLength: Number(bytes[1]), maxLength: Number(bytes[1]) }).map(hex));
  throw new Error(`no generator for ${param.type}`);
}
const hex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");

/** A log as a node returns it, ABI-encoded by ethers from `values`. */
function logOf(fragment: EventFragment, values: unknown[]): RawLog {
  const { data, topics } = abi.encodeEventLog(fragment, values);
  return { address: ZeroAddress, topics, data, blockNumber: "0x10", blockHash: "0x" + "ab".repeat(32), transactionHash: "0x" + "cd".repeat(32), transactionIndex: "0x2", logIndex: "0x7" };
}

describe("decoding the ledger's logs", function () {
  for (const fragment of events) {
    it(`reads ${fragment.name} exactly as ethers' general ABI decoder does`, function () {
      fc.assert(
        fc.property(fc.tuple(...fragment.inputs.map(valueOf)), (values) => {
          const log = logOf(fragment, values);
          const [event] = decodeLedgerLogs(abi, [log]);
          const reference = abi.decodeEventLog(fragment, log.data, log.topics);
          for (const [field, [arg, kind]] of Object.entries(LEDGER_EVENTS[fragment.name as LedgerEventName])) {
            const value = reference[arg];
            const expected =
              kind === "address" ? String(value).toLowerCase()
              : kind === "optionalAddress" ? (value === ZeroAddress ? null : String(value).toLowerCase())
              : kind === "small" ? Number(value)
              : kind === "currency" ? Buffer.from(String(value).slice(2), "hex").toString("latin1").replace(/\0/g, "")
              : kind === "text32" ? bytes32ToText(String(value))
              : kind === "text" ? String(value).replace(/\0/g, "\uFFFD")
              : value;
            expect((event as unknown as Record<string, unknown>)[field], `${fragment.name}.${field}`).to.deep.equal(expected);
          }
          expect(event).to.include({ name: fragment.name, blockNumber: 16n, txIndex: 2, logIndex: 7 });
        }),
        { numRuns: 60 },
      );
    });
  }

  it("reads a bytes32 reference as its text when it is right-padded text, and as hex otherwise", function () {
    const fragment = abi.getEvent("OrganisationRegistered")!;
    const text = "0x" + Buffer.from("REG-42").toString("hex").padEnd(64, "0");
    const binary = "0x" + "ff".repeat(32);
    const decode = (ref: string) => decodeLedgerLogs(abi, [logOf(fragment, [1n, 0, ref, "name"])])[0] as unknown as { registrationNumber: string };
    expect(decode(text).registrationNumber).to.equal("REG-42");
    expect(decode(binary).registrationNumber).to.equal(binary);
  });

  it("skips logs of events it does not know and refuses a log whose shape does not fit its event", function () {
    const fragment = abi.getEvent("DonationRecorded")!;
    const log = logOf(fragment, [1n, 2n, "0x" + "11".repeat(32), 5n, 1, 5n, ZeroAddress]);
    expect(decodeLedgerLogs(abi, [{ ...log, topics: ["0x" + "99".repeat(32)] }])).to.deep.equal([]);
    expect(() => decodeLedgerLogs(abi, [{ ...log, topics: log.topics.slice(0, 2) }])).to.throw(LogDecodeError, /topics/);
    expect(() => decodeLedgerLogs(abi, [{ ...log, data: log.data.slice(0, 66) }])).to.throw(LogDecodeError, /too little data/);
    const named = abi.getEvent("OrganisationRegistered")!;
    const org = logOf(named, [1n, 0, "0x" + "00".repeat(32), "a name"]);
    const truncated = { ...org, data: org.data.slice(0, 2 + 64 * 4 + 2) };
    expect(() => decodeLedgerLogs(abi, [truncated])).to.throw(LogDecodeError, /runs past/);
  });
});
