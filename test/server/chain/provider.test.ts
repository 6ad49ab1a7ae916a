import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { createProvider } from "../../../server/chain/provider.ts";

/**
 * A JSON-RPC endpoint that drops the connection of the first request for `drop` (as a node does
 * when it closes an idle kept-alive socket the moment a request is sent on it) and answers
 * everything else: chain id 31337, block number 7, a transaction hash.
 */
async function flakyNode(drop: string): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  let dropped = false;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const payload = JSON.parse(body);
      const one = (p: { id: number; method: string }) => {
        calls.push(p.method);
        const result = p.method === "eth_chainId" ? "0x7a69" : p.method === "eth_blockNumber" ? "0x7" : "0x" + "ab".repeat(32);
        return { jsonrpc: "2.0", id: p.id, result };
      };
      const methods = (Array.isArray(payload) ? payload : [payload]).map((p: { method: string }) => p.method);
      if (!dropped && methods.includes(drop)) {
        dropped = true;
        calls.push(`dropped ${drop}`);
        req.socket.destroy();
        return;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(Array.isArray(payload) ? payload.map(one) : one(payload)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

describe("chain/provider: a connection the node dropped", function () {
  it("sends a read again once", async function () {
    const node = await flakyNode("eth_blockNumber");
    try {
      const provider = await createProvider(node.url);
      expect(await provider.send("eth_blockNumber", [])).to.equal("0x7");
      expect(node.calls.filter((c) => c.includes("eth_blockNumber"))).to.deep.equal(["dropped eth_blockNumber", "eth_blockNumber"]);
      provider.destroy();
    } finally {
      node.server.close();
    }
  });

  it("never sends a transaction twice: the caller decides", async function () {
    const node = await flakyNode("eth_sendRawTransaction");
    try {
      const provider = await createProvider(node.url);
      let failed: unknown;
      await provider.send("eth_sendRawTransaction", ["0x00"]).catch((e) => (failed = e));
      expect(failed).to.be.instanceOf(Error);
      expect(node.calls.filter((c) => c.includes("eth_sendRawTransaction"))).to.deep.equal(["dropped eth_sendRawTransaction"]);
      provider.destroy();
    } finally {
      node.server.close();
    }
  });
});
