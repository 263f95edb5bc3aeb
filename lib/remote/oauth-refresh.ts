/**
 * Renewing a remote server's OAuth token when the server refuses it, with
 * the hub's rule for every OAuth refresh (DESIGN.md, "Decisions"): single-
 * flight per server in the process, leased in the Store across replicas, and
 * the stored credential read again once the lease is held — a rotating
 * refresh token works once, so whoever comes second adopts the tokens the
 * first one stored instead of spending the dead refresh token. The SDK's
 * `auth()` does the refresh itself (through the provider, which stores it).
 */
import { auth, extractWWWAuthenticateParams, UnauthorizedError, type AuthProvider } from '@modelcontextprotocol/client';
import { randomBytes } from 'node:crypto';
import type { Sealer } from '../crypto/seal.ts';
import type { Store } from '../store/port.ts';
import type { RemoteServer } from '../store/remote-servers.ts';
import { openCredential, type RemoteCredential } from './credential.ts';
import type { RemoteOAuthProvider } from './oauth-provider.ts';

type OAuthCredential = Extract<RemoteCredential, { kind: 'oauth' }>;
/** What the transport passes on a 401 (the SDK does not export its name). */
type UnauthorizedContext = Parameters<NonNullable<AuthProvider['onUnauthorized']>>[0];

export interface RefreshDeps {
  store: Pick<Store, 'acquireLease' | 'releaseLease' | 'getRemoteServer'>;
  sealer: Sealer;
}

const LEASE_TTL_MS = 30_000;
/** How long a refresh waits for another replica's lease before giving up (that replica's refresh is then its answer). */
const LEASE_WAIT_MS = 10_000;
const HOLDER = `hub-${randomBytes(6).toString('hex')}`;

export function createRemoteTokenRefresher(deps: RefreshDeps) {
  const running = new Map<string, Promise<void>>();

  async function renew(server: RemoteServer, credential: OAuthCredential, provider: RemoteOAuthProvider, ctx: UnauthorizedContext): Promise<void> {
    const name = `remote-oauth:${server.id}`;
    const deadline = Date.now() + LEASE_WAIT_MS;
    while (!(await deps.store.acquireLease({ name, holder: HOLDER, ttlMs: LEASE_TTL_MS, now: Date.now() }))) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      const stored = await deps.store.getRemoteServer(server.id);
      if (!stored) throw new UnauthorizedError(`${server.slug} was removed`);
      const current = openCredential(deps.sealer, stored);
      if (current.kind === 'oauth' && current.tokens?.access_token && current.tokens.access_token !== credential.tokens?.access_token) {
        // Renewed meanwhile (another session, another replica): use those.
        credential.tokens = current.tokens;
        return;
      }
      const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(ctx.response);
      const result = await auth(provider, { serverUrl: ctx.serverUrl, fetchFn: ctx.fetchFn, ...(resourceMetadataUrl && { resourceMetadataUrl }), ...(scope && { scope }) });
      if (result !== 'AUTHORIZED') throw new UnauthorizedError(`${server.slug} needs you to sign in again`);
    } finally {
      await deps.store.releaseLease({ name, holder: HOLDER }).catch(() => false);
    }
  }

  /** The transport's auth for `server`: its access token, and on a 401 one renewal shared by every caller. */
  return (server: RemoteServer, credential: OAuthCredential, provider: RemoteOAuthProvider): AuthProvider => ({
    token: async () => credential.tokens?.access_token,
    onUnauthorized: (ctx) => {
      let flight = running.get(server.id);
      if (!flight) {
        flight = renew(server, credential, provider, ctx).finally(() => running.delete(server.id));
        running.set(server.id, flight);
      }
      return flight;
    },
  });
}
