import { expect } from "chai";
import { AppError } from "../../../server/domain/errors.ts";
import { parseFlowEdge } from "../../../server/domain/flow-edge.ts";

describe("domain/flow-edge: an edge of the flow graph by its node ids", function () {
  it("reads the three kinds of edge, with the codes the mirror stores channels and purposes by", function () {
    expect(parseFlowEdge("channel:alipay", "campaign:12")).to.deep.equal({ kind: "donation", campaignId: 12n, channel: "alipay", channelCode: 1 });
    expect(parseFlowEdge("campaign:3", "campaign:4")).to.deep.equal({ kind: "grant", fromCampaignId: 3n, toCampaignId: 4n });
    expect(parseFlowEdge("campaign:3", "purpose:administration")).to.deep.equal({ kind: "disbursement", campaignId: 3n, purpose: "administration", purposeCode: 1 });
  });

  it("refuses what is no node, and pairs no edge joins, naming the field", function () {
    const refused = (source: string, target: string) => {
      try {
        parseFlowEdge(source, target);
      } catch (error) {
        expect(error).to.be.an.instanceOf(AppError);
        return (error as AppError).errors[0]!.field;
      }
      throw new Error(`${source} → ${target} was accepted`);
    };
    expect(refused("channel:carrier_pigeon", "campaign:1")).to.equal("source");
    expect(refused("campaign:1", "purpose:parties")).to.equal("target");
    expect(refused("campaign:x1", "campaign:2")).to.equal("source");
    expect(refused("campaign:0", "campaign:2")).to.equal("source");
    expect(refused("organisation:1", "campaign:2")).to.equal("target");
    expect(refused("purpose:programme", "campaign:2")).to.equal("target");
    expect(refused("channel:bank", "purpose:programme")).to.equal("target");
    expect(refused("campaign:1'; drop table", "campaign:2")).to.equal("source");
  });
});
