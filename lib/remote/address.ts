/**
 * Where a remote MCP server's URL may lead (SSRF, issue 15). On a hosted hub
 * (MCPHUB_REMOTE_ALLOW_PRIVATE off, lib/server/config.ts) a user must not be
 * able to make the hub call the operator's own network: loopback, private
 * (RFC 1918, CGNAT, IPv6 ULA), link-local (cloud metadata at
 * 169.254.169.254 and fd00:ec2::254 among them), multicast and reserved
 * addresses are refused — after DNS resolution, on every request the hub
 * makes (a name that resolved to a public address when the server was added
 * and to 127.0.0.1 later, DNS rebinding, is refused then), including every
 * redirect hop. Redirects are followed only within the same origin, so a
 * credential never travels to a host the person did not name.
 *
 * What remains: the address fetch connects to is resolved again after the
 * check; a resolver answering differently within that window is not caught.
 * An operator who needs that closed runs the hub behind an egress proxy.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Why an address may not be called, or null when it may. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return blockedV4(v4ToNumber(address));
  if (family === 6) return blockedV6(address);
  return 'not an IP address';
}

function v4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_BLOCKS: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'a reserved address'],
  ['10.0.0.0', 8, 'a private address (RFC 1918)'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address (RFC 1918)'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.168.0.0', 16, 'a private address (RFC 1918)'],
  ['198.18.0.0', 15, 'a reserved address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function blockedV4(n: number): string | null {
  for (const [base, bits, reason] of V4_BLOCKS) {
    const size = 2 ** (32 - bits);
    const start = v4ToNumber(base);
    if (n >= start && n < start + size) return reason;
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (quad) {
    const n = v4ToNumber(quad[1]!);
    text = text.slice(0, -quad[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
}

function blockedV6(address: string): string | null {
  const g = v6Groups(address);
  const embeddedV4 = (hi: number, lo: number) => blockedV4(hi * 65_536 + lo);
  if (g.every((x) => x === 0)) return 'a reserved address';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'a loopback address';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!);
  if (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0) return embeddedV4(g[6]!, g[7]!);
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291): never a public server's address.
  if (g.slice(0, 6).every((x) => x === 0)) return 'a reserved address (IPv4-compatible IPv6)';
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embeddedV4(g[6]!, g[7]!);
  // 6to4 (2002:a.b.c.d::) likewise.
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!);
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a private address (IPv6 unique local)';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

export type Lookup = (hostname: string) => Promise<string[]>;

const systemLookup: Lookup = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A refused target: a ToolError-free error the session layer turns into words (lib/remote/errors.ts). */
export class BlockedTargetError extends Error {
  override name = 'BlockedTargetError';
}

/** Resolves `url`'s host and refuses it when any address it resolves to is blocked; no-op when private targets are allowed. */
export async function checkTarget(url: URL, options: { allowPrivate: boolean; lookup?: Lookup }): Promise<void> {
  if (options.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch {
      throw new BlockedTargetError(`${host} could not be resolved; check the server's URL.`);
    }
  }
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) throw new BlockedTargetError(`${url.host} resolves to ${address}, ${reason}, which this hub does not call (MCPHUB_REMOTE_ALLOW_PRIVATE is off). Use the server's public address.`);
  }
}

const MAX_REDIRECTS = 3;

/**
 * `base` with the target checked before every request, and redirects
 * followed by hand: only to the same origin (307/308 keep the method and
 * body; 301/302/303 become a GET), each hop checked again.
 */
export function guardedFetch(base: typeof fetch, options: { allowPrivate: boolean; lookup?: Lookup }): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let request: RequestInit = { ...(init ?? {}), redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      await checkTarget(url, options);
      const response = await base(url, request);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      const next = new URL(location, url);
      void response.body?.cancel().catch(() => {});
      if (next.origin !== url.origin) throw new BlockedTargetError(`The server at ${url.origin} redirected to ${next.origin}; the hub follows redirects only on the same origin, so credentials stay where you sent them. Add the server with its final URL.`);
      if (hop >= MAX_REDIRECTS) throw new BlockedTargetError(`The server at ${url.origin} redirected more than ${MAX_REDIRECTS} times; add the server with its final URL.`);
      if (response.status !== 307 && response.status !== 308) request = { ...request, method: 'GET', body: null };
      url = next;
    }
  }) as typeof fetch;
}
