/**
 * A remote MCP server's URL as a person typed it, checked before anything
 * is fetched (lib/remote/address.ts checks where it resolves to, on every
 * connection). Result-style, so each refusal names the fix.
 */
import { REMOTE_LIMITS } from '../store/remote-servers.ts';

export type RemoteUrlResult = { ok: true; url: URL } | { ok: false; reason: string };

export function parseRemoteUrl(text: string): RemoteUrlResult {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'Give the MCP server\'s URL, such as https://mcp.example.com/mcp.' };
  if (trimmed.length > REMOTE_LIMITS.url) return { ok: false, reason: `The URL is longer than ${REMOTE_LIMITS.url} characters; give the server's MCP endpoint without extra parameters.` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: `${JSON.stringify(trimmed.slice(0, 80))} is not a URL; give the full address, such as https://mcp.example.com/mcp.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `MCP servers are reached over http or https, not ${url.protocol.replace(/:$/, '')}; give an https:// URL.` };
  if (url.username || url.password) return { ok: false, reason: 'Put no user name or password in the URL: choose the bearer token or custom headers credential instead, so it is stored sealed.' };
  if (!url.hostname) return { ok: false, reason: 'The URL has no host name; give the full address, such as https://mcp.example.com/mcp.' };
  url.hash = '';
  return { ok: true, url };
}
