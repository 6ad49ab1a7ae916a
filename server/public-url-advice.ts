import type { NetworkInterfaceInfo } from "node:os";

/**
 * What to tell whoever starts the server when the pages' links and QR codes may point where a
 * phone cannot follow: PUBLIC_URL is unset and HOST listens beyond this machine, so the links are
 * made from the listening address (`localhost` for a wildcard, or an address that may change).
 * The addresses to suggest come from the machine's interfaces (`os.networkInterfaces()`), passed
 * in so this stays pure. Undefined when there is nothing to say.
 */
export interface PublicUrlAdvice {
  warning: string;
  /** `PUBLIC_URL=http://192.168.1.23:3000`, one per address a phone on the same network might use. */
  settings: string[];
}

export function publicUrlAdvice(options: {
  host: string;
  port: number;
  publicUrl?: string | undefined;
  /** The links the pages carry now: PUBLIC_URL or the listening address. */
  linksTo: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): PublicUrlAdvice | undefined {
  const { host, port } = options;
  if (options.publicUrl || isLoopback(host)) return undefined;
  const wildcard = host === "0.0.0.0" || host === "::" || host === "[::]";
  const addresses = wildcard ? lanAddresses(options.interfaces) : [host];
  const settings = addresses.map((address) => `PUBLIC_URL=http://${address.includes(":") && !address.startsWith("[") ? `[${address}]` : address}:${port}`);
  const why = wildcard
    ? `HOST=${host} lets phones and other machines reach this server, but PUBLIC_URL is not set, so the pages' links and QR codes point to ${options.linksTo}, which a phone cannot open.`
    : `HOST=${host} lets other machines reach this server, but PUBLIC_URL is not set, so the pages' links and QR codes use ${options.linksTo}; set PUBLIC_URL to the address donors' phones reach (it is printed on receipts).`;
  const what = settings.length > 0 ? ` Set PUBLIC_URL to an address they reach, such as:` : ` Set PUBLIC_URL to an address they reach (no network address of this machine was found).`;
  return { warning: why + what, settings };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** This machine's addresses on its networks: IPv4 first, then IPv6 other than link-local (fe80::, which needs a zone). */
function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const all = Object.values(interfaces).flatMap((list) => list ?? []).filter((i) => !i.internal);
  const v4 = all.filter((i) => i.family === "IPv4").map((i) => i.address);
  const v6 = all.filter((i) => i.family === "IPv6" && !/^fe80:/i.test(i.address)).map((i) => i.address);
  return [...new Set([...v4, ...v6])];
}
