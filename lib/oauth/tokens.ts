/**
 * The token part of a provider's answer, validated (zod) and normalised:
 * absolute expiry times, scopes as a list. Where the tokens sit is the
 * provider's `tokensAt` (Slack's user token under `authed_user`); a refresh
 * answer carries the renewed token at the top when it has one there (Slack
 * answers a user-token refresh with `token_type: "user"` at the top).
 */
import * as z from 'zod';
import { oauthFailure, type OAuthFailure } from './errors.ts';
import type { OAuthActorShape, OAuthProvider } from './providers.ts';

/** Tokens from a code exchange or a refresh. */
export interface OAuthTokenSet {
  accessToken: string;
  /**
   * The refresh token. Undefined on a refresh answer means the provider did
   * not rotate it: the caller keeps the refresh token it already has.
   */
  refreshToken?: string;
  /** Epoch ms the access token expires at; undefined: it does not expire (GitHub OAuth Apps, Slack without rotation). */
  expiresAt?: number;
  refreshExpiresAt?: number;
  /** Scopes granted. On a refresh answer without a scope list, undefined: unchanged. */
  scopes?: string[];
  tokenType: string;
}

const TOKEN = z.string().min(1).max(8_192);
const SECONDS = z.union([z.number().int().positive(), z.string().regex(/^\d{1,10}$/).transform(Number)]);

const TokenFieldsSchema = z.object({
  access_token: TOKEN,
  token_type: z.string().max(64).nullish(),
  refresh_token: TOKEN.nullish(),
  expires_in: SECONDS.nullish(),
  refresh_token_expires_in: SECONDS.nullish(),
  scope: z.union([z.string().max(8_192), z.array(z.string().max(256)).max(500)]).nullish(),
});

/** Scopes from a `scope` field: a list, or a string with commas (GitHub, Slack) or spaces (RFC). */
function scopesOf(scope: string | string[] | null | undefined): string[] | undefined {
  if (scope === null || scope === undefined) return undefined;
  const list = Array.isArray(scope) ? scope : scope.split(/[\s,]+/);
  return list.filter((s) => s !== '');
}

/**
 * The tokens in `json`, or bad_response naming what is missing. `fallbackScopes`
 * stand in when the answer has no scope list (RFC 6749 §5.1: omitted when
 * identical to the request).
 */
export function tokensOf(provider: OAuthProvider, actor: OAuthActorShape, json: unknown, phase: 'exchange' | 'refresh', now: number, fallbackScopes?: string[]): OAuthTokenSet | OAuthFailure {
  const root = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const nested = actor.tokensAt === 'authed_user' ? root.authed_user : root;
  const source = phase === 'refresh' && typeof root.access_token === 'string' ? root : nested;
  const parsed = TokenFieldsSchema.safeParse(source);
  if (!parsed.success) {
    const where = source === root ? 'its answer' : '`authed_user`';
    const field = parsed.error.issues[0]?.path.join('.') || 'access_token';
    return oauthFailure('bad_response', `${provider.name}'s token endpoint answered without a valid \`${field}\` in ${where}${json === undefined ? ' (the body is not JSON)' : ''}.`);
  }
  const t = parsed.data;
  const scopes = scopesOf(t.scope) ?? fallbackScopes;
  return {
    accessToken: t.access_token,
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.expires_in ? { expiresAt: now + t.expires_in * 1000 } : {}),
    ...(t.refresh_token_expires_in ? { refreshExpiresAt: now + t.refresh_token_expires_in * 1000 } : {}),
    ...(scopes ? { scopes } : {}),
    tokenType: t.token_type ?? 'bearer',
  };
}
