import { expect } from "chai";
import type { NetworkInterfaceInfo } from "node:os";
import { publicUrlAdvice } from "../../server/public-url-advice.ts";

const iface = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "00:00:00:00:00:00", cidr: null, ...(family === "IPv6" ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

/** A laptop on Wi-Fi and Docker: loopback, a LAN address, a bridge, a link-local and a global IPv6. */
const INTERFACES = {
  lo: [iface("127.0.0.1", "IPv4", true), iface("::1", "IPv6", true)],
  wlan0: [iface("192.168.1.23", "IPv4"), iface("fe80::1c2b:3aff:fe4d:5e6f", "IPv6"), iface("2001:db8::23", "IPv6")],
  docker0: [iface("172.17.0.1", "IPv4")],
};

describe("PUBLIC_URL advice at start", function () {
  const advise = (host: string, publicUrl?: string) =>
    publicUrlAdvice({ host, port: 3000, publicUrl, linksTo: `http://${host === "0.0.0.0" ? "localhost" : host}:3000`, interfaces: INTERFACES });

  it("says nothing when PUBLIC_URL is set or the server listens on loopback only", function () {
    expect(advise("0.0.0.0", "https://give.example.org")).to.equal(undefined);
    for (const host of ["127.0.0.1", "localhost", "::1", "127.0.0.2"]) expect(advise(host), host).to.equal(undefined);
  });

  it("on 0.0.0.0 without PUBLIC_URL, warns that links point to localhost and lists this machine's network addresses", function () {
    const advice = advise("0.0.0.0")!;
    expect(advice.warning).to.include("PUBLIC_URL is not set").and.include("http://localhost:3000").and.include("phone");
    expect(advice.settings).to.deep.equal([
      "PUBLIC_URL=http://192.168.1.23:3000",
      "PUBLIC_URL=http://172.17.0.1:3000",
      "PUBLIC_URL=http://[2001:db8::23]:3000",
    ]);
  });

  it("on a LAN address without PUBLIC_URL, suggests that address", function () {
    const advice = advise("192.168.1.23")!;
    expect(advice.warning).to.include("HOST=192.168.1.23");
    expect(advice.settings).to.deep.equal(["PUBLIC_URL=http://192.168.1.23:3000"]);
  });

  it("says so when the machine has no network address to suggest", function () {
    const advice = publicUrlAdvice({ host: "::", port: 8080, linksTo: "http://localhost:8080", interfaces: { lo: INTERFACES.lo } })!;
    expect(advice.settings).to.deep.equal([]);
    expect(advice.warning).to.include("no network address");
  });
});
