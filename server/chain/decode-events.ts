import { decodeBytes32String, ZeroAddress, type EventFragment, type Interface } from "ethers";
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

/** Decodes the ledger's logs; logs of events this version does not know are skipped, not guessed. */
export function decodeLedgerLogs(abi: Interface, logs: readonly RawLog[]): LedgerEvent[] {
  const byTopic = eventsByTopic(abi);
  const events: LedgerEvent[] = [];
  for (const log of logs) {
    const fragment = log.topics[0] ? byTopic.get(log.topics[0]) : undefined;
    if (!fragment) continue;
    const data = toEventData(fragment.name, abi.decodeEventLog(fragment, log.data, log.topics));
    if (!data) continue;
    events.push({
      ...data,
      blockNumber: BigInt(log.blockNumber),
      blockHash: log.blockHash,
      txHash: log.transactionHash,
      txIndex: Number(log.transactionIndex),
      logIndex: Number(log.logIndex),
    });
  }
  return events;
}

// Once per ABI, not per log: ethers' parseLog computes every event's topic hash on each call.
const topicMaps = new WeakMap<Interface, Map<string, EventFragment>>();
function eventsByTopic(abi: Interface): Map<string, EventFragment> {
  let map = topicMaps.get(abi);
  if (!map) {
    map = new Map();
    abi.forEachEvent((fragment) => map!.set(fragment.topicHash, fragment));
    topicMaps.set(abi, map);
  }
  return map;
}

/** One field's value as the mirror holds it, by its kind (server/domain/ledger-events.ts). */
function readField(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "id":
    case "uint":
    case "int":
      return BigInt(value as bigint);
    case "small":
      return Number(value);
    case "address":
      return (value as string).toLowerCase();
    case "optionalAddress":
      return value === ZeroAddress ? null : (value as string).toLowerCase();
    case "hash":
    case "text":
      return value as string;
    case "text32":
      return bytes32ToText(value as string);
    case "currency":
      return Buffer.from((value as string).slice(2), "hex").toString("latin1").replace(/\0/g, "");
  }
}

// ethers' Result is positional and named; reading by name keeps this robust to argument order.
function toEventData(name: string, a: Record<string, unknown>): LedgerEventData | undefined {
  if (!isLedgerEventName(name)) return undefined;
  const data: Record<string, unknown> = { name };
  for (const [field, [arg, kind]] of Object.entries(LEDGER_EVENTS[name])) data[field] = readField(kind, a[arg]);
  return data as LedgerEventData;
}

/** Short ASCII references travel on-chain right-padded in a bytes32; anything else stays hex. */
export function bytes32ToText(value: string): string {
  try {
    return decodeBytes32String(value);
  } catch {
    return value;
  }
}
