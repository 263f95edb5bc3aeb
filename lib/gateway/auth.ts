/**
 * Who is calling `/mcp`. The gateway takes any `Authenticator` (API keys now;
 * dashboard sessions and OAuth tokens are further implementations of the same
 * type): it answers with a principal or with the refusal to send, since each
 * scheme has its own challenge. The API-key check is a multi-step check, so it
 * returns a Result with a tagged reason (STYLE.md 8) that `unauthorizedResponse`
 * turns into the 401 a client shows its user.
 */
import { hashApiKey, isApiKeyShaped } from '../crypto/api-keys.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/port.ts';
import type { Principal, PrincipalCache } from './principals.ts';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; response: Response };

/**
 * Authenticates one request. Throws only when the credential could not be
 * checked (the store is slow or down); the gateway answers that with a 503.
 */
export type Authenticator = (request: Request) => Promise<AuthResult>;

export type ApiKeyCheck = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'malformed' | 'rejected' };
type Refusal = Exclude<ApiKeyCheck, { ok: true }>['reason'];

export function extractApiKey(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : authorization.trim();
  }
  return headers.get('x-api-key')?.trim() || null;
}

export async function checkApiKey(headers: Headers, principals: PrincipalCache): Promise<ApiKeyCheck> {
  const key = extractApiKey(headers);
  if (!key) return { ok: false, reason: 'missing' };
  if (!isApiKeyShaped(key)) return { ok: false, reason: 'malformed' };
  const principal = await principals.get(hashApiKey(key));
  return principal ? { ok: true, principal } : { ok: false, reason: 'rejected' };
}

export interface ApiKeyAuthenticatorOptions {
  principals: PrincipalCache;
  /** Records `last used` on the key, at most once per `touchIntervalMs`. */
  store: Pick<Store, 'touchApiKey'>;
  logger: Logger;
  /**
   * How a person gets a key, appended to every refusal (`hints.createKey`):
   * worded at refusal time, since it names the dashboard's origin, whose port
   * may be known only once the hub listens (PORT=0).
   */
  keysHint: () => string;
  touchIntervalMs?: number;
}

/** `Authorization: Bearer mcp_sk_…` or `X-API-Key: mcp_sk_…`, looked up by hash in the principal cache. */
export function apiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): Authenticator {
  const { principals, store, logger, keysHint } = options;
  const touchInterval = options.touchIntervalMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  function touch(keyId: string): void {
    const now = Date.now();
    if (now - (lastTouched.get(keyId) ?? 0) < touchInterval) return;
    lastTouched.set(keyId, now);
    store.touchApiKey(keyId, now).catch((error) => logger.warn('could not record key use', { keyId, reason: (error as Error).message }));
  }
  return async (request) => {
    const check = await checkApiKey(request.headers, principals);
    if (!check.ok) return { ok: false, response: unauthorizedResponse(check.reason, keysHint()) };
    touch(check.principal.keyId);
    return check;
  };
}

function describe(reason: Refusal, keysHint: string): { error: string; message: string } {
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
export function unauthorizedResponse(reason: Refusal, keysHint: string): Response {
  const { error, message } = describe(reason, keysHint);
  // Header values must stay ASCII; the full, actionable message is in the body.
  const challenge = reason === 'missing' ? 'Bearer realm="mcphub"' : `Bearer realm="mcphub", error="${error}", error_description="${CHALLENGE_TEXT[reason]}"`;
  return Response.json(
    { jsonrpc: '2.0', id: null, error: { code: -32001, message } },
    { status: 401, headers: { 'WWW-Authenticate': challenge } },
  );
}

/** HTTP 503 when the store cannot answer who a credential belongs to; clients retry after `Retry-After`. */
export function storeUnavailableResponse(): Response {
  return Response.json(
    { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'MCP Hub cannot reach its store right now, so it cannot check your API key. Retry in a few seconds; if this persists, the operator should check the hub log.' } },
    { status: 503, headers: { 'Retry-After': '2' } },
  );
}
