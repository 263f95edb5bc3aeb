/** Caller API keys from request headers, and the 401 a client shows its user. */
import { describe, expect, it } from 'vitest';
import { extractApiKey, unauthorizedResponse } from '../../lib/gateway/auth.ts';
import { remoteHints } from '../../lib/server/hints.ts';

const KEY = `mcp_sk_${'a1B2c3D4e5'.repeat(4)}xyz`;
const OTHER = `mcp_sk_${'Z9y8X7w6V5'.repeat(4)}abc`;
const HINT = remoteHints().createKey();

describe('extractApiKey', () => {
  it('reads Authorization: Bearer, in any case and with extra whitespace', () => {
    expect(extractApiKey(new Headers({ Authorization: `Bearer ${KEY}` }))).toBe(KEY);
    expect(extractApiKey(new Headers({ authorization: `bearer   ${KEY}  ` }))).toBe(KEY);
    expect(extractApiKey(new Headers({ Authorization: `BEARER ${KEY}` }))).toBe(KEY);
  });

  it('reads X-API-Key, trimmed', () => {
    expect(extractApiKey(new Headers({ 'X-API-Key': KEY }))).toBe(KEY);
    expect(extractApiKey(new Headers({ 'x-api-key': `  ${KEY} ` }))).toBe(KEY);
  });

  it('prefers Authorization over X-API-Key', () => {
    expect(extractApiKey(new Headers({ Authorization: `Bearer ${KEY}`, 'X-API-Key': OTHER }))).toBe(KEY);
  });

  it('returns a non-Bearer Authorization value as is, for the shape check to reject', () => {
    expect(extractApiKey(new Headers({ Authorization: 'Basic dXNlcjpwYXNz' }))).toBe('Basic dXNlcjpwYXNz');
    expect(extractApiKey(new Headers({ Authorization: KEY }))).toBe(KEY);
  });

  it('returns null when neither header carries anything', () => {
    expect(extractApiKey(new Headers())).toBeNull();
    expect(extractApiKey(new Headers({ 'X-API-Key': '   ' }))).toBeNull();
  });
});

describe('unauthorizedResponse', () => {
  it.each(['missing', 'malformed', 'rejected'] as const)('answers %s with 401, a mcphub Bearer challenge and a JSON-RPC error', async (reason) => {
    const response = unauthorizedResponse(reason, HINT);
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="mcphub"/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001 } });
    expect(body.error.message).toContain(HINT);
  });

  it('tells a caller without a key which header to send', async () => {
    const response = unauthorizedResponse('missing', HINT);
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="mcphub"');
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toMatch(/^No API key\. Send "Authorization: Bearer mcp_sk_…" \(or "X-API-Key"\)\./);
  });

  it('tells a caller with a malformed key what a key looks like, as invalid_token', async () => {
    const response = unauthorizedResponse('malformed', HINT);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="mcphub", error="invalid_token", error_description="not an MCP Hub API key"$/);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain('mcp_sk_ followed by 43 letters and digits');
  });

  it('tells a caller with an unknown key it was rejected or revoked, as invalid_token', async () => {
    const response = unauthorizedResponse('rejected', HINT);
    expect(response.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toMatch(/rejected: it is unknown or has been revoked/);
  });

  it('keeps the challenge a short ASCII header whatever the hint holds (quotes, non-Latin-1)', () => {
    const challenge = unauthorizedResponse('rejected', 'Run "npx mcphub keys create" — or ask → ops.').headers.get('WWW-Authenticate')!;
    expect(challenge).toBe('Bearer realm="mcphub", error="invalid_token", error_description="unknown or revoked API key"');
  });
});
