/** Reading a provider-shaped token or revoke request: client credentials, Bearer tokens, form or JSON bodies. */
import type { TokenRequest } from './types.ts';

/** Client credentials from an HTTP Basic header, or null. */
export function basicCredentials(request: Request): { id: string; secret: string } | null {
  const encoded = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** The Bearer token of a request, or null. */
export const bearerOf = (request: Request) => /^(?:Bearer|token)\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;

/** A token request's fields from a form or JSON body, with which it was; null for another type or a body that does not parse. */
export async function readFields(request: Request): Promise<{ kind: 'form' | 'json'; fields: Record<string, string> } | null> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await request.text();
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return { kind: 'json', fields: Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string')) };
    } catch {
      return null;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(text)) };
  return null;
}

/** The TokenRequest in a body's fields, with client credentials from the body or a Basic header. */
export function tokenRequestOf(fields: Record<string, string>, basic: { id: string; secret: string } | null): TokenRequest {
  return {
    grantType: fields.grant_type,
    clientId: basic?.id ?? fields.client_id,
    clientSecret: basic?.secret ?? fields.client_secret,
    ...(fields.code !== undefined ? { code: fields.code } : {}),
    ...(fields.redirect_uri !== undefined ? { redirectUri: fields.redirect_uri } : {}),
    ...(fields.code_verifier !== undefined ? { codeVerifier: fields.code_verifier } : {}),
    ...(fields.refresh_token !== undefined ? { refreshToken: fields.refresh_token } : {}),
  };
}
