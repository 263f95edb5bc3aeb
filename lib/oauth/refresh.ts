/**
 * OAuth access tokens that stay fresh in the call path (issue 13, "Refresh
 * that never races"). A call asks `fresh()` for the credential to use; a
 * token within its provider's margin of expiry (or one the service just
 * refused) is refreshed once — one flight per connection in this process
 * (callers share the promise) and one across replicas (a Store lease). The
 * lease holder re-reads the stored record first: another replica may have
 * refreshed already, and with rotating refresh tokens (Linear, GitHub Apps)
 * sending the old one again would be refused. The new record is persisted
 * before its access token is handed out, so a crash can never lose the only
 * valid refresh token. Outcomes follow lib/oauth/errors.ts: invalid_grant →
 * needs reconnect, misconfigured → the operator's mark, transient → back off
 * with no status change. Tokens never reach a log line.
 */
import { randomUUID } from 'node:crypto';
import { credentialContext, type Sealer } from '../crypto/seal.ts';
import type { Logger } from '../log.ts';
import { MAX_ATTENTION_REASON_CHARS, type AttentionKind, type Store } from '../store/port.ts';
import { refreshTokens } from './client.ts';
import type { OAuthClientConfig } from './config.ts';
import { decodeCredential, encodeCredential, type OAuthCredential } from './credential.ts';
import type { OAuthFailure } from './errors.ts';
import { OAUTH_PROVIDERS, type OAuthProvider } from './providers.ts';
import { createRefreshHolds } from './refresh-holds.ts';

/** Why no usable credential: the person reconnects, the operator fixes the app, or try again later. */
export type FreshFailureKind = AttentionKind | 'transient';

export type FreshResult = { ok: true; credential: OAuthCredential } | { ok: false; kind: FreshFailureKind; message: string };

export interface OAuthTokens {
  /**
   * The credential to call with: `credential` itself while it is outside its
   * provider's refresh margin, else (or with `force`, after the service
   * refused its access token) the refreshed — or another replica's newer —
   * record, already stored.
   */
  fresh(userId: string, slug: string, credential: OAuthCredential, options?: { force?: boolean }): Promise<FreshResult>;
}

export interface OAuthTokensOptions {
  store: Pick<Store, 'acquireLease' | 'releaseLease' | 'listConnections' | 'renewConnectionCredential' | 'markConnectionAttention'>;
  sealer: Sealer;
  /** The operator's OAuth apps by slug (HubConfig.oauth). */
  configs: Partial<Record<string, OAuthClientConfig>>;
  logger: Logger;
  now?: () => number;
  /** This process's name on leases; random by default. */
  holder?: string;
  /** How long a holder may take before another may refresh (default 30 s). */
  leaseTtlMs?: number;
  /** How long a caller waits for another replica's refresh (default 10 s). */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Stored = { credential: OAuthCredential } | null;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The operator's fix for a misconfigured provider: the variables HubConfig.oauth is read from (lib/env.ts, the connect-flow branch). */
export function oauthEnvHint(slug: string): string {
  const prefix = `MCPHUB_OAUTH_${slug.toUpperCase()}`;
  return `Check ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET against the app's settings at the provider.`;
}

export function createOAuthTokens(options: OAuthTokensOptions): OAuthTokens {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const holder = options.holder ?? `hub-${randomUUID()}`;
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  const waitMs = options.waitMs ?? 10_000;
  const { store, logger } = options;
  const inFlight = new Map<string, Promise<FreshResult>>();
  const holds = createRefreshHolds(now);

  const due = (provider: OAuthProvider, credential: OAuthCredential) => credential.expiresAt !== undefined && credential.expiresAt - provider.refreshMarginMs <= now();
  /** A stored record this call may use instead of refreshing: outside the margin and, when forced, not the refused token. */
  const usable = (provider: OAuthProvider, stored: Stored, refused: string | null): OAuthCredential | null =>
    stored !== null && !due(provider, stored.credential) && stored.credential.accessToken !== refused ? stored.credential : null;

  async function read(userId: string, slug: string): Promise<Stored> {
    const connection = (await store.listConnections(userId)).find((c) => c.slug === slug && c.enabled);
    if (!connection) return null;
    const credential = decodeCredential(options.sealer.open(connection.sealedCredential, credentialContext(userId, slug)));
    return credential.kind === 'oauth' ? { credential } : null;
  }

  async function mark(userId: string, slug: string, kind: AttentionKind, reason: string) {
    await store.markConnectionAttention({ userId, slug, kind, reason: reason.slice(0, MAX_ATTENTION_REASON_CHARS), at: now() }).catch((error) => {
      logger.warn('could not mark an OAuth connection as needing attention', { userId, slug, kind, reason: (error as Error).message });
    });
  }

  /** Acts on a refused refresh: marks the connection (needs reconnect / misconfigured) or backs off (transient). */
  async function refused(userId: string, slug: string, provider: OAuthProvider, refreshToken: string, failure: OAuthFailure): Promise<FreshResult> {
    logger.warn('OAuth refresh failed', { userId, slug, reason: failure.reason, status: failure.status, error: failure.error, message: failure.message });
    if (failure.reason === 'invalid_grant' || failure.reason === 'denied') {
      const message = `${provider.name} no longer accepts this connection's refresh token. ${failure.message.replace(/\.?$/, '.')}`;
      await mark(userId, slug, 'needs_reconnect', message);
      return holds.hold(`${userId}\n${slug}`, refreshToken, { kind: 'needs_reconnect', message }, Infinity);
    }
    if (failure.reason === 'misconfigured') {
      const message = `${provider.name} refused the hub's OAuth app (${failure.message}). ${oauthEnvHint(slug)}`;
      await mark(userId, slug, 'misconfigured', message);
      return holds.hold(`${userId}\n${slug}`, refreshToken, { kind: 'misconfigured', message }, 60_000);
    }
    return holds.backOff(`${userId}\n${slug}`, refreshToken, provider.name, failure.retryAfterSeconds);
  }

  /** Sends the refresh and stores the new record before anyone may use it. */
  async function renew(userId: string, slug: string, provider: OAuthProvider, current: OAuthCredential): Promise<FreshResult> {
    const key = `${userId}\n${slug}`;
    let credential = current;
    for (let attempt = 0; ; attempt++) {
      const refreshToken = credential.refreshToken!;
      const held = holds.check(key, refreshToken);
      if (held) return held;
      const config = options.configs[slug];
      if (!config) {
        const message = `${provider.name} OAuth is not configured on this hub, so its tokens cannot be renewed. ${oauthEnvHint(slug)}`;
        await mark(userId, slug, 'misconfigured', message);
        return holds.hold(key, refreshToken, { kind: 'misconfigured', message }, 60_000);
      }
      const answer = await refreshTokens(provider, config, { refreshToken });
      if (!answer.ok) {
        if (answer.reason === 'invalid_grant' && attempt === 0) {
          // Another replica may have rotated it after our re-read: use its record, or retry once with its refresh token.
          const stored = await read(userId, slug);
          if (stored && stored.credential.refreshToken !== refreshToken) {
            if (!due(provider, stored.credential)) return { ok: true, credential: stored.credential };
            if (stored.credential.refreshToken) {
              credential = stored.credential;
              continue;
            }
          }
        }
        return refused(userId, slug, provider, refreshToken, answer);
      }
      const { tokens } = answer;
      const next: OAuthCredential = {
        ...credential,
        accessToken: tokens.accessToken,
        // No refresh token in the answer: the provider kept the old one.
        ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
        expiresAt: tokens.expiresAt,
        refreshExpiresAt: tokens.refreshExpiresAt ?? credential.refreshExpiresAt,
        scopes: tokens.scopes ?? credential.scopes,
        updatedAt: now(),
      };
      if (next.expiresAt === undefined) delete next.expiresAt;
      if (next.refreshExpiresAt === undefined) delete next.refreshExpiresAt;
      const sealedCredential = options.sealer.seal(encodeCredential(next), credentialContext(userId, slug));
      const renewed = await store.renewConnectionCredential({ userId, slug, sealedCredential });
      if (!renewed) return { ok: false, kind: 'needs_reconnect', message: `${provider.name} was disconnected while its token was being renewed.` };
      holds.clear(key);
      logger.info('OAuth tokens refreshed', { userId, slug, rotated: tokens.refreshToken !== undefined, expiresAt: next.expiresAt });
      return { ok: true, credential: next };
    }
  }

  /** The refresh under the cross-replica lease: re-read, then refresh only when the stored record is not already newer. */
  async function leased(userId: string, slug: string, provider: OAuthProvider, credential: OAuthCredential, refusedToken: string | null): Promise<FreshResult> {
    const name = `oauth-refresh:${userId}:${slug}`;
    const deadline = now() + waitMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      if (await store.acquireLease({ name, holder, ttlMs: leaseTtlMs, now: now() })) {
        try {
          const stored = await read(userId, slug);
          if (!stored) return { ok: false, kind: 'needs_reconnect', message: `${provider.name} is no longer connected.` };
          const newer = usable(provider, stored, refusedToken);
          if (newer) return { ok: true, credential: newer };
          if (!stored.credential.refreshToken) {
            const message = `${provider.name}'s access token ${refusedToken ? 'was refused' : 'expired'} and this connection has no refresh token to renew it.`;
            await mark(userId, slug, 'needs_reconnect', message);
            return { ok: false, kind: 'needs_reconnect', message };
          }
          return await renew(userId, slug, provider, stored.credential);
        } finally {
          await store.releaseLease({ name, holder }).catch((error) => logger.warn('could not release an OAuth refresh lease', { userId, slug, reason: (error as Error).message }));
        }
      }
      // Another replica is refreshing: wait for its record rather than race it.
      if (now() + pause > deadline) return { ok: false, kind: 'transient', message: `${provider.name}'s token is being renewed by another hub replica and it is taking long. Try again in a few seconds.` };
      await sleep(pause);
      const newer = usable(provider, await read(userId, slug), refusedToken);
      if (newer && newer.accessToken !== credential.accessToken) return { ok: true, credential: newer };
    }
  }

  return {
    async fresh(userId, slug, credential, { force = false } = {}) {
      const provider = OAUTH_PROVIDERS[slug as OAuthProvider['slug']];
      if (!provider || (!force && !due(provider, credential))) return { ok: true, credential };
      const key = `${userId}\n${slug}`;
      let flight = inFlight.get(key);
      if (!flight) {
        flight = start(key, userId, slug, provider, credential, force);
        inFlight.set(key, flight);
      }
      const result = await flight;
      // Renewal failed for now, but the token has not expired yet: this call can still use it.
      if (!result.ok && result.kind === 'transient' && !force && credential.expiresAt! > now()) return { ok: true, credential };
      return result;
    },
  };

  function start(key: string, userId: string, slug: string, provider: OAuthProvider, credential: OAuthCredential, force: boolean): Promise<FreshResult> {
    return leased(userId, slug, provider, credential, force ? credential.accessToken : null)
      .catch((error): FreshResult => {
        // The store or the sealer failed (not the provider): nothing was marked, try again.
        logger.error('OAuth refresh could not run', { userId, slug, reason: (error as Error).message });
        return { ok: false, kind: 'transient', message: `${provider.name}'s token could not be renewed just now. Try again in a few seconds.` };
      })
      .finally(() => inFlight.delete(key));
  }
}
