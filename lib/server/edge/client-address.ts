/**
 * Who is calling, for the per-client bounds: the socket's peer address, or —
 * only when the operator says a proxy sets it (`MCPHUB_TRUST_PROXY=on`) — the
 * address that proxy appended to `X-Forwarded-For`. The result is a bucket
 * key, not an address: IPv6 clients are grouped by /64, the block one
 * subscriber is usually given, so one host cannot escape its bounds by
 * rotating through its own prefix.
 */

/** Longer than any IPv6 text form; anything longer is not an address and is not kept. */
const MAX_ADDRESS_CHARS = 45;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f:.]+$/;

/**
 * The bucket key for the client of `request`, or null when nothing trustworthy
 * names it (no socket under `app.handle`, and no trusted proxy header).
 */
export function clientKey(request: Request, peerAddress: string | null, trustProxy: boolean): string | null {
  // The proxy appends the address it saw; entries before it are whatever the client sent.
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1) : undefined;
  return addressKey(forwarded ?? '') ?? addressKey(peerAddress ?? '');
}

/** `1.2.3.4` → itself; `::ffff:1.2.3.4` → `1.2.3.4`; other IPv6 → its /64 prefix; anything else → null. */
export function addressKey(text: string): string | null {
  const address = text.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (address.length === 0 || address.length > MAX_ADDRESS_CHARS) return null;
  const v4 = IPV4.exec(address.replace(/^::ffff:/, ''));
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255) ? v4.slice(1).map(Number).join('.') : null;
  if (!IPV6.test(address) || !address.includes(':')) return null;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : null;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded; null when it is not one. */
function expandIpv6(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  return groups.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? groups.map((group) => group.replace(/^0+(?=.)/, '')) : null;
}
