import { AppError, AppErrorCode } from "./errors.ts";
import { CHANNELS, PURPOSES, type Channel, type Purpose } from "./schemas.ts";

/**
 * One edge of the flow graph (flow-graph.ts), named by its two node ids, as the records behind it
 * are looked up: a channel into a campaign (donations), a campaign into another (grants), a
 * campaign out to a purpose (disbursements). Organisation nodes only group campaigns and carry no
 * edges of their own, so a pair naming one is refused like any other pair that is no edge.
 */
export type FlowEdgeRef =
  | { kind: "donation"; campaignId: bigint; channel: Channel; channelCode: number }
  | { kind: "grant"; fromCampaignId: bigint; toCampaignId: bigint }
  | { kind: "disbursement"; campaignId: bigint; purpose: Purpose; purposeCode: number };

const NODE = /^(channel|organisation|campaign|purpose):([a-z_]{1,32}|[1-9]\d{0,18})$/;

export function parseFlowEdge(source: string, target: string): FlowEdgeRef {
  const a = NODE.exec(source);
  const b = NODE.exec(target);
  if (!a) throw badNode("source", source);
  if (!b) throw badNode("target", target);
  const [, fromKind, from] = a as unknown as [string, string, string];
  const [, toKind, to] = b as unknown as [string, string, string];
  const campaign = (text: string, field: string) => {
    if (!/^\d+$/.test(text)) throw badNode(field, `campaign:${text}`);
    return BigInt(text);
  };
  if (fromKind === "channel" && toKind === "campaign") {
    const channelCode = (CHANNELS as readonly string[]).indexOf(from);
    if (channelCode < 0) throw badNode("source", source);
    return { kind: "donation", campaignId: campaign(to, "target"), channel: from as Channel, channelCode };
  }
  if (fromKind === "campaign" && toKind === "campaign") return { kind: "grant", fromCampaignId: campaign(from, "source"), toCampaignId: campaign(to, "target") };
  if (fromKind === "campaign" && toKind === "purpose") {
    const purposeCode = (PURPOSES as readonly string[]).indexOf(to);
    if (purposeCode < 0) throw badNode("target", target);
    return { kind: "disbursement", campaignId: campaign(from, "source"), purpose: to as Purpose, purposeCode };
  }
  throw new AppError(AppErrorCode.InvalidRequest, `${source} → ${target} is no edge of the flow graph: edges go channel → campaign, campaign → campaign or campaign → purpose.`, {
    errors: [{ field: "target", reason: "is not joined to source by any edge kind" }],
  });
}

function badNode(field: string, value: string): AppError {
  return new AppError(AppErrorCode.InvalidRequest, `${JSON.stringify(value.slice(0, 80))} is not a node of the flow graph.`, {
    errors: [{ field, reason: "must be channel:<name>, campaign:<id> or purpose:<name>, as GET /api/v1/flows names nodes" }],
  });
}
