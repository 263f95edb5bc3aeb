/**
 * A remote MCP server's credential (issue 15): none, a bearer token, or
 * custom headers. Checked here as it arrives, then sealed like every
 * credential (lib/crypto/seal.ts, bound to owner and slug); opened only to
 * build the headers of a request. Never logged, never returned.
 */
import type { OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from '@modelcontextprotocol/client';
import type { Sealer } from '../crypto/seal.ts';
import { remoteCredentialContext, type RemoteCredentialKind, type RemoteServer } from '../store/remote-servers.ts';

export type RemoteCredential =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'headers'; headers: Record<string, string> }
  /** The server's own OAuth: the client the hub registered there, and the tokens once the person signed in (lib/services/remote-oauth.ts). */
  | { kind: 'oauth'; client?: StoredOAuthClientInformation; tokens?: StoredOAuthTokens; discovery?: OAuthDiscoveryState };

export const CREDENTIAL_LIMITS = { token: 4_096, headers: 16, headerName: 64, headerValue: 4_096 } as const;

/** Headers the hub's MCP client sets itself, or that would change where or how a request goes. */
const RESERVED_HEADERS = new Set([
  'host', 'content-length', 'content-type', 'accept', 'connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'keep-alive',
  'proxy-authorization', 'cookie', 'mcp-session-id', 'mcp-protocol-version', 'mcp-method', 'mcp-name', 'last-event-id', 'origin',
]);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// Printable ASCII and tab: a CR or LF would start another header.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

export type CredentialResult = { ok: true; credential: RemoteCredential } | { ok: false; reason: string };

/** Checks what a person gave for `kind`; each refusal says what to change. */
export function checkCredential(kind: RemoteCredentialKind, input: { token?: string | undefined; headers?: Record<string, string> | undefined }): CredentialResult {
  switch (kind) {
    case 'none':
      return { ok: true, credential: { kind } };
    case 'oauth':
      // Its credential comes from the sign-in flow, never from input.
      return { ok: false, reason: 'An OAuth server is added by signing in: choose "Sign in with the server" on the MCP servers page.' };
    case 'bearer': {
      const token = (input.token ?? '').trim().replace(/^Bearer\s+/i, '');
      if (!token) return { ok: false, reason: 'Give the bearer token the MCP server expects (without "Bearer ").' };
      if (token.length > CREDENTIAL_LIMITS.token || !/^[\x21-\x7e]+$/.test(token)) return { ok: false, reason: `A bearer token is 1 to ${CREDENTIAL_LIMITS.token} printable characters without spaces; check what you pasted.` };
      return { ok: true, credential: { kind, token } };
    }
    case 'headers': {
      const entries = Object.entries(input.headers ?? {});
      if (entries.length === 0) return { ok: false, reason: 'Give at least one header (name and value), or choose another credential kind.' };
      if (entries.length > CREDENTIAL_LIMITS.headers) return { ok: false, reason: `At most ${CREDENTIAL_LIMITS.headers} headers.` };
      const headers: Record<string, string> = {};
      for (const [name, value] of entries) {
        if (!HEADER_NAME.test(name) || name.length > CREDENTIAL_LIMITS.headerName) return { ok: false, reason: `${JSON.stringify(name.slice(0, 40))} is not a header name: letters, digits and - only, at most ${CREDENTIAL_LIMITS.headerName} characters.` };
        if (RESERVED_HEADERS.has(name.toLowerCase())) return { ok: false, reason: `The hub sets ${name} itself; choose another header.` };
        if (!HEADER_VALUE.test(value) || value.length > CREDENTIAL_LIMITS.headerValue) return { ok: false, reason: `The value of ${name} must be printable text on one line, at most ${CREDENTIAL_LIMITS.headerValue} characters.` };
        headers[name] = value;
      }
      return { ok: true, credential: { kind, headers } };
    }
  }
}

export function sealCredential(sealer: Sealer, ownerId: string | null, slug: string, credential: RemoteCredential): string {
  return sealer.seal(JSON.stringify(credential), remoteCredentialContext(ownerId, slug));
}

/** Opens a server's credential; throws SealError when it cannot be opened (changed key, or a row copied from elsewhere). */
export function openCredential(sealer: Sealer, server: Pick<RemoteServer, 'ownerId' | 'slug' | 'sealedCredential'>): RemoteCredential {
  return JSON.parse(sealer.open(server.sealedCredential, remoteCredentialContext(server.ownerId, server.slug))) as RemoteCredential;
}

/** The request headers a credential adds (an OAuth credential's go through the transport's auth provider). */
export function credentialHeaders(credential: RemoteCredential): Record<string, string> {
  if (credential.kind === 'bearer') return { Authorization: `Bearer ${credential.token}` };
  if (credential.kind === 'headers') return { ...credential.headers };
  return {};
}
