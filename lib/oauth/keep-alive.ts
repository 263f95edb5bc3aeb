/**
 * Keeps idle OAuth connections alive (issue 13): tokens are renewed in the
 * call path (refresh.ts), so a connection nobody calls never renews, and a
 * provider whose refresh tokens expire (GitHub App user tokens' lasts about
 * six months, `refreshExpiresAt`) kills it silently. This sweep reads the
 * enabled connections of the configured OAuth slugs page by page
 * (Store `listConnectionsForRenewal`), unseals each and renews the ones whose
 * refresh token expires within the window — through the same `fresh(…,
 * {force: true})` as a call, so the lease, the re-read and the outcome
 * classes (needs reconnect, misconfigured, back off) are the call path's.
 * None of the four providers documents an idle limit of its own, so
 * `refreshExpiresAt` is the only signal. Bounded per run (connections read,
 * renewals sent), one renewal at a time, in the background: calls never wait
 * on it. Tokens never reach a log line.
 */
import { credentialContext, type Sealer } from '../crypto/seal.ts';
import type { Logger } from '../log.ts';
import type { Connection, Store } from '../store/port.ts';
import { decodeCredential, type OAuthCredential } from './credential.ts';
import { OAUTH_PROVIDERS } from './providers.ts';
import type { OAuthTokens } from './refresh.ts';

const DAY = 86_400_000;

/** What one sweep did: connections read, renewed, and renewals that failed (needs reconnect, misconfigured or later). */
export interface SweepResult {
  checked: number;
  renewed: number;
  failed: number;
}

/** When the sweep runs once started: every `intervalMs` (default 1 h), the first run `firstRunMs` after start (default 1 min). */
export interface KeepAliveSchedule {
  intervalMs?: number;
  firstRunMs?: number;
}

export interface OAuthKeepAlive {
  /** One sweep now (a sweep already running is joined, not doubled). */
  runOnce(): Promise<SweepResult>;
  /** Runs the sweep on a schedule until `stop`; timers do not hold the process open. */
  start(schedule?: KeepAliveSchedule): void;
  /** Ends the schedule and waits for a running sweep, which stops after its current renewal. */
  stop(): Promise<void>;
}

/** How much one sweep may do. */
export interface KeepAliveLimits {
  /** Renew when the refresh token expires within this (default 7 days). */
  windowMs?: number;
  /** At most this many renewals per sweep (default 20); the rest wait for the next one. */
  maxRenewalsPerRun?: number;
  /** At most this many connections read per sweep (default 2,000); the next sweep goes on from there. */
  maxCheckedPerRun?: number;
  /** Connections per store read (default 100). */
  pageSize?: number;
}

/** What the sweep reads (the store, through the sealer) and renews with (the call path's refresher). */
export interface OAuthKeepAliveOptions extends KeepAliveLimits {
  store: Pick<Store, 'listConnectionsForRenewal'>;
  sealer: Sealer;
  tokens: OAuthTokens;
  logger: Logger;
  /** The slugs with an OAuth app configured on this hub (only those can be renewed). */
  slugs: readonly string[];
  now?: () => number;
}

/** The sweep for one hub: idle until `runOnce` or `start`; renewals go through `tokens.fresh`, so replicas sharing a store renew each connection once. */
export function createOAuthKeepAlive(options: OAuthKeepAliveOptions): OAuthKeepAlive {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 7 * DAY;
  const maxRenewals = options.maxRenewalsPerRun ?? 20;
  const maxChecked = options.maxCheckedPerRun ?? 2_000;
  const pageSize = options.pageSize ?? 100;
  const { logger, store } = options;
  const slugs = options.slugs.filter((slug) => slug in OAUTH_PROVIDERS);
  // Where the next sweep goes on: a bounded sweep that stopped early resumes at the page it stopped in.
  let resumeAt: string | null = null;
  let running: Promise<SweepResult> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  /** The connection's OAuth record when it is due for renewal, else null. */
  function dueCredential(connection: Connection): OAuthCredential | null {
    if (connection.attention?.kind === 'needs_reconnect') return null; // Its person was told; renewing cannot fix it.
    let credential;
    try {
      credential = decodeCredential(options.sealer.open(connection.sealedCredential, credentialContext(connection.userId, connection.slug)));
    } catch (error) {
      logger.warn('OAuth keep-alive could not read a connection', { userId: connection.userId, slug: connection.slug, reason: (error as Error).name });
      return null;
    }
    if (credential.kind !== 'oauth' || !credential.refreshToken || credential.refreshExpiresAt === undefined) return null;
    return credential.refreshExpiresAt - windowMs <= now() ? credential : null;
  }

  async function sweep(): Promise<SweepResult> {
    const result: SweepResult = { checked: 0, renewed: 0, failed: 0 };
    if (slugs.length === 0) return result;
    let cursor = resumeAt;
    try {
      while (!stopped && result.checked < maxChecked) {
        const page = await store.listConnectionsForRenewal({ slugs, limit: Math.min(pageSize, maxChecked - result.checked), cursor });
        for (const connection of page.connections) {
          if (stopped || result.renewed + result.failed >= maxRenewals) {
            resumeAt = cursor; // Re-read this page next time: the ones renewed by then are no longer due.
            return result;
          }
          result.checked++;
          const credential = dueCredential(connection);
          if (!credential) continue;
          const fresh = await options.tokens.fresh(connection.userId, connection.slug, credential, { force: true });
          if (fresh.ok) result.renewed++;
          else {
            result.failed++;
            logger.warn('OAuth keep-alive could not renew a connection', { userId: connection.userId, slug: connection.slug, kind: fresh.kind, message: fresh.message });
          }
        }
        cursor = page.cursor;
        if (cursor === null) break;
      }
      resumeAt = cursor;
    } catch (error) {
      // The store failed: nothing was changed, the next sweep starts over.
      resumeAt = null;
      logger.warn('OAuth keep-alive sweep stopped: the store could not be read', { reason: (error as Error).message });
    }
    if (result.renewed + result.failed > 0) logger.info('OAuth keep-alive sweep', { ...result });
    return result;
  }

  const runOnce = () => (running ??= sweep().finally(() => (running = null)));

  return {
    runOnce,
    start({ intervalMs = 3_600_000, firstRunMs = 60_000 } = {}) {
      if (timer || stopped) return;
      const schedule = (delay: number) => {
        timer = setTimeout(() => void runOnce().finally(() => !stopped && schedule(intervalMs)), delay);
        timer.unref?.();
      };
      schedule(firstRunMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
