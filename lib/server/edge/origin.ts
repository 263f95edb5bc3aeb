/**
 * DNS-rebinding protection (MCP spec, Streamable HTTP, "Security Warning":
 * servers MUST validate `Origin`, and local servers should bind to loopback).
 * A page on `evil.example` whose name the attacker re-points at 127.0.0.1
 * reaches a loopback hub with `Host: evil.example` and
 * `Origin: http://evil.example`; the Host rule refuses the first, the Origin
 * rule the second, wherever the hub listens.
 */

/** `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1, with or without brackets. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1' || name === '[::1]') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** The `host[:port]` a request was addressed to: its Host header, or its URL's host where there is none (`app.handle`). */
export function requestHost(request: Request): string {
  return (request.headers.get('host') ?? new URL(request.url).host).toLowerCase();
}

/** The hostname part of a Host value (`[::1]:8787` → `[::1]`); null when it does not parse. */
function hostnameOf(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

export interface HostRule {
  /** True when the hub checks Host at all: it listens on loopback, or the operator listed names. */
  active: boolean;
  allows(host: string): boolean;
}

/**
 * Which Host values the hub answers. On a loopback address: loopback names on
 * any port plus `allowedHosts` (as `name` or `name:port`). Listening elsewhere
 * it cannot know its public names, so it checks only when some are listed.
 */
export function hostRule(listenHost: string, allowedHosts: readonly string[]): HostRule {
  const active = isLoopbackName(listenHost) || allowedHosts.length > 0;
  return {
    active,
    allows(host) {
      if (!active || allowedHosts.includes(host)) return true;
      const hostname = hostnameOf(host);
      return hostname !== null && (isLoopbackName(hostname) || allowedHosts.includes(hostname));
    },
  };
}

/**
 * How an `Origin` stands: `same` when it is the origin the request was
 * addressed to (the Host rule has already vouched for that name), `listed`
 * when the operator allowed it in `MCPHUB_ALLOWED_ORIGINS` (it then gets
 * CORS), `refused` otherwise — including the opaque `null` origin of
 * sandboxed frames and files.
 */
export function originStanding(origin: string, host: string, allowedOrigins: readonly string[]): 'same' | 'listed' | 'refused' {
  const normalized = origin.toLowerCase();
  if (allowedOrigins.includes(normalized)) return 'listed';
  try {
    const url = new URL(normalized);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host ? 'same' : 'refused';
  } catch {
    return 'refused';
  }
}
