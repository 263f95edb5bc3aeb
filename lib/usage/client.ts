/**
 * Who made a call, as the call log shows it: `name/version` from the MCP
 * `clientInfo` a 2026-07-28 client sends in every request's `_meta`, or the
 * `User-Agent` of a 2025-era client (the hub is stateless, so the
 * `initialize` that carried its clientInfo is long gone). Either is text the
 * caller chose: bounded and stripped of control characters before it is
 * stored or shown.
 */

export const MAX_CLIENT_LENGTH = 128;

// C0 and C1 control characters, DEL, and bidirectional overrides that could make a label display as something else.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A caller-chosen label made safe to store: printable, trimmed, at most MAX_CLIENT_LENGTH characters; undefined when nothing is left. */
export function cleanClientLabel(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const clean = raw.slice(0, MAX_CLIENT_LENGTH * 2).replace(UNPRINTABLE, '').trim().slice(0, MAX_CLIENT_LENGTH);
  return clean || undefined;
}

/** The label of a clientInfo object (`{ name, version }`), as given in the envelope. */
export function clientFromInfo(info: unknown): string | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const { name, version } = info as { name?: unknown; version?: unknown };
  if (typeof name !== 'string') return undefined;
  return cleanClientLabel(typeof version === 'string' && version ? `${name}/${version}` : name);
}

/** The client of one request: the envelope's clientInfo when it carried one (2026-07-28), else the User-Agent header. */
export function clientOf(clientInfo: unknown, headers: Headers | undefined): string | undefined {
  return clientFromInfo(clientInfo) ?? cleanClientLabel(headers?.get('user-agent'));
}
