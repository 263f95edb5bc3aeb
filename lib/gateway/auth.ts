/**
 * Caller authentication for `/mcp`: `Authorization: Bearer mcp_sk_…` or
 * `X-API-Key: mcp_sk_…`. A multi-step check, so it returns a Result with a
 * tagged reason (STYLE.md 8); `unauthorizedResponse` turns the reason into
 * the 401 a client shows its user.
 */
import { hashApiKey, isApiKeyShaped } from '../crypto/api-keys.ts';
import type { Principal, PrincipalCache } from './principals.ts';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'malformed' | 'rejected' };

export function extractApiKey(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : authorization.trim();
  }
  return headers.get('x-api-key')?.trim() || null;
}

export async function authenticate(headers: Headers, principals: PrincipalCache): Promise<AuthResult> {
  const key = extractApiKey(headers);
  if (!key) return { ok: false, reason: 'missing' };
  if (!isApiKeyShaped(key)) return { ok: false, reason: 'malformed' };
  const principal = await principals.get(hashApiKey(key));
  return principal ? { ok: true, principal } : { ok: false, reason: 'rejected' };
}

function describe(reason: Exclude<AuthResult, { ok: true }>['reason'], keysHint: string): { error: string; message: string } {
  switch (reason) {
    case 'missing':
      return { error: 'invalid_request', message: `No API key. Send "Authorization: Bearer mcp_sk_…" (or "X-API-Key"). ${keysHint}` };
    case 'malformed':
      return { error: 'invalid_token', message: `That is not an MCP Hub API key: keys look like mcp_sk_ followed by 43 letters and digits. ${keysHint}` };
    case 'rejected':
      return { error: 'invalid_token', message: `The API key was rejected: it is unknown or has been revoked. ${keysHint}` };
  }
}

const CHALLENGE_TEXT = { malformed: 'not an MCP Hub API key', rejected: 'unknown or revoked API key' } as const;

/** HTTP 401 with an RFC 6750 challenge and a JSON-RPC error body naming the fix. */
export function unauthorizedResponse(reason: Exclude<AuthResult, { ok: true }>['reason'], keysHint: string): Response {
  const { error, message } = describe(reason, keysHint);
  // Header values must stay ASCII; the full, actionable message is in the body.
  const challenge = reason === 'missing' ? 'Bearer realm="mcphub"' : `Bearer realm="mcphub", error="${error}", error_description="${CHALLENGE_TEXT[reason]}"`;
  return Response.json(
    { jsonrpc: '2.0', id: null, error: { code: -32001, message } },
    { status: 401, headers: { 'WWW-Authenticate': challenge } },
  );
}

/** HTTP 503 when the store cannot answer who a key belongs to; clients retry after `Retry-After`. */
export function storeUnavailableResponse(): Response {
  return Response.json(
    { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'MCP Hub cannot reach its store right now, so it cannot check your API key. Retry in a few seconds; if this persists, the operator should check the hub log.' } },
    { status: 503, headers: { 'Retry-After': '2' } },
  );
}
