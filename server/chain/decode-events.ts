import { decodeBytes32String, type EventFragment, type Interface, type ParamType } from "ethers";
import { isLedgerEventName, LEDGER_EVENTS, type FieldKind, type LedgerEvent, type LedgerEventData } from "../domain/ledger-events.ts";

/** A log as eth_getLogs returns it (hex quantities). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

export class LogDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogDecodeError";
  }
}

/**
 * Decodes the ledger's logs; logs of events this version does not know are skipped, not guessed.
 *
 * Each event's decoder is compiled once from the ABI and its description (domain/ledger-events.ts):
 * where each field sits (which topic, which data word) and how its kind is read. Reading a log is
 * then slicing 64-hex-digit words, with no general ABI machinery per log; ethers' decoder spent
 * half of a backfill's CPU on building results and checksumming addresses that the mirror then
 * lower-cases. test/server/chain/decode-events.test.ts checks it against ethers for every event.
 */
export function decodeLedgerLogs(abi: Interface, logs: readonly RawLog[]): LedgerEvent[] {
  const decoders = decodersFor(abi);
  const events: LedgerEvent[] = [];
  for (const log of logs) {
    const decode = log.topics[0] ? decoders.get(log.topics[0].toLowerCase()) : undefined;
    if (!decode) continue;
    const event = decode(log) as LedgerEvent;
    event.blockNumber = BigInt(log.blockNumber);
    event.blockHash = log.blockHash;
    event.txHash = log.transactionHash;
    event.txIndex = Number(log.transactionIndex);
    event.logIndex = Number(log.logIndex);
    events.push(event);
  }
  return events;
}

type Decoder = (log: RawLog) => LedgerEventData;
type Read = (log: RawLog) => unknown;

const compiled = new WeakMap<Interface, Map<string, Decoder>>();
function decodersFor(abi: Interface): Map<string, Decoder> {
  let map = compiled.get(abi);
  if (!map) {
    map = new Map();
    abi.forEachEvent((fragment) => {
      if (isLedgerEventName(fragment.name)) map!.set(fragment.topicHash.toLowerCase(), compileDecoder(fragment));
    });
    compiled.set(abi, map);
  }
  return map;
}

function compileDecoder(fragment: EventFragment): Decoder {
  const name = fragment.name as keyof typeof LEDGER_EVENTS;
  const topicCount = 1 + fragment.inputs.filter((p) => p.indexed).length;
  const wordCount = fragment.inputs.filter((p) => !p.indexed).length;
  const fields = Object.entries(LEDGER_EVENTS[name]).map(([field, [arg, kind]]) => {
    const index = fragment.inputs.findIndex((p) => p.name === arg);
    if (index < 0) throw new Error(`${name} has no argument ${arg}`);
    const param = fragment.inputs[index]!;
    const before = fragment.inputs.slice(0, index).filter((p) => p.indexed === param.indexed).length;
    return [field, reader(name, param, kind, param.indexed ? before + 1 : before)] as const;
  });
  return (log) => {
    if (log.topics.length !== topicCount) throw new LogDecodeError(`${name} at block ${log.blockNumber} has ${log.topics.length} topics, not ${topicCount}`);
    if (log.data.length < 2 + 64 * wordCount) throw new LogDecodeError(`${name} at block ${log.blockNumber} carries too little data`);
    const data: Record<string, unknown> = { name };
    for (const [field, read] of fields) data[field] = read(log);
    return data as LedgerEventData;
  };
}

/** How one field is read: from its topic or data word, by its kind; a kind that does not fit its ABI type is refused here. */
function reader(event: string, param: ParamType, kind: FieldKind, position: number): Read {
  const expected: Record<FieldKind, RegExp> = {
    id: /^uint(8|16|32|64)$/,
    uint: /^uint\d*$/,
    int: /^int\d*$/,
    small: /^uint8$/,
    address: /^address$/,
    optionalAddress: /^address$/,
    hash: /^bytes32$/,
    text32: /^bytes32$/,
    text: /^string$/,
    currency: /^bytes3$/,
    flag: /^bool$/,
    time: /^uint(32|40|48|64)$/,
  };
  if (!expected[kind].test(param.type)) throw new Error(`${event}.${param.name} is ${param.type}, which cannot be read as ${kind}`);
  if (kind === "text") {
    if (param.indexed) throw new Error(`${event}.${param.name}: an indexed string is only its hash`);
    return (log) => readString(log.data, position);
  }
  const word: (log: RawLog) => string = param.indexed
    ? (log) => log.topics[position]!.slice(2).toLowerCase()
    : (log) => log.data.slice(2 + 64 * position, 66 + 64 * position).toLowerCase();
  switch (kind) {
    case "id":
    case "uint":
    case "time":
      return (log) => BigInt("0x" + word(log));
    case "flag":
      return (log) => BigInt("0x" + word(log)) !== 0n;
    case "int":
      return (log) => BigInt.asIntN(256, BigInt("0x" + word(log)));
    case "small":
      return (log) => Number(BigInt("0x" + word(log)));
    case "address":
      return (log) => "0x" + word(log).slice(24);
    case "optionalAddress":
      return (log) => {
        const w = word(log);
        return /^0+$/.test(w) ? null : "0x" + w.slice(24);
      };
    case "hash":
      return (log) => "0x" + word(log);
    case "text32":
      return (log) => bytes32ToText("0x" + word(log));
    case "currency":
      return (log) => Buffer.from(word(log).slice(0, 6), "hex").toString("latin1").replace(/\0/g, "");
  }
}

/** An ABI-encoded string whose offset is in data word `slot`. */
function readString(data: string, slot: number): string {
  const at = (word: number) => {
    const hex = data.slice(2 + 64 * word, 66 + 64 * word);
    if (hex.length !== 64) throw new LogDecodeError("a string runs past the log's data");
    return Number(BigInt("0x" + hex));
  };
  const offset = at(slot);
  if (offset % 32 !== 0) throw new LogDecodeError("a string's offset is not word-aligned");
  const length = at(offset / 32);
  const start = 2 + 2 * (offset + 32);
  if (start + 2 * length > data.length) throw new LogDecodeError("a string runs past the log's data");
  // Postgres text cannot hold NUL: one in a campaign title must not stall the mirror for everyone.
  return Buffer.from(data.slice(start, start + 2 * length), "hex").toString("utf8").replace(/\0/g, "\uFFFD");
}

/** Short ASCII references travel on-chain right-padded in a bytes32; anything else stays hex. */
export function bytes32ToText(value: string): string {
  try {
    return decodeBytes32String(value);
  } catch {
    return value;
  }
}
