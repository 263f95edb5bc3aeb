/**
 * Remote MCP servers in a running hub (issue 15): the per-user upstream
 * sessions, the catalog entries built over them, and what the upstream's
 * `notifications/tools/list_changed` sets off — the tool list read again on
 * the session that was told, stored, and so (store change feed → principal
 * cache → gateway) `list_changed` on that user's open sessions. A session
 * opening on a list older than STALE_AFTER_MS refreshes it too: a change
 * announced while no session was open went unheard. Refreshes are
 * single-flight per server and user: a burst of notifications costs one
 * list, plus one more if another came in meanwhile.
 */
import type { Sealer } from '../crypto/seal.ts';
import type { RemoteEntries } from '../gateway/catalog.ts';
import type { Logger } from '../log.ts';
import { remoteEntries } from '../remote/catalog.ts';
import { createRemoteExtras, type RemoteExtras } from '../remote/extras.ts';
import { createRemoteTokenRefresher } from '../remote/oauth-refresh.ts';
import { RemoteSessions } from '../remote/sessions.ts';
import type { RemoteAccess } from '../services/deps.ts';
import { providerFor } from '../services/remote-oauth.ts';
import { refreshServerTools } from '../services/remote-servers.ts';
import type { Store } from '../store/port.ts';
import type { RemoteServer } from '../store/remote-servers.ts';
import type { HubConfig } from './config.ts';
import type { Hints } from './hints.ts';

/** A stored tool list older than this is read again when a session opens. */
export const STALE_AFTER_MS = 10 * 60_000;

export interface RemoteIntegrations {
  access: RemoteAccess;
  entries: RemoteEntries;
  extras: RemoteExtras;
  close(): Promise<void>;
}

export function createRemoteIntegrations(options: { config: HubConfig; store: Store; sealer: Sealer; hints: Hints; logger: Logger; publicUrl: () => string; fetch?: typeof fetch }): RemoteIntegrations {
  const { config, store, logger } = options;
  const running = new Map<string, { again: boolean }>();
  let access: RemoteAccess;

  const refresh = (server: RemoteServer, userId: string) => {
    const key = `${server.id}\n${userId}`;
    const current = running.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    running.set(key, state);
    void (async () => {
      try {
        do {
          state.again = false;
          // Read again: the stored record may have moved on (a new credential, removed) since this session opened.
          const stored = await store.getRemoteServer(server.id);
          if (!stored) return;
          await refreshServerTools({ store, remote: access }, stored, userId);
        } while (state.again);
      } catch (error) {
        logger.warn('could not refresh a remote MCP server\'s tools after list_changed', { server: server.slug, userId, reason: (error as Error).message });
      } finally {
        running.delete(key);
      }
    })();
  };

  const refresher = createRemoteTokenRefresher({ store, sealer: options.sealer });
  const sessions = new RemoteSessions({
    sealer: options.sealer,
    logger,
    allowPrivate: config.remote.allowPrivate,
    maxBytes: config.limits.maxUpstreamBytes,
    connectTimeoutMs: config.toolTimeoutMs,
    ...(options.fetch && { fetch: options.fetch }),
    onToolsChanged: refresh,
    oauthProvider: (server, credential) => refresher(server, credential, providerFor({ store, sealer: options.sealer, oauth: { publicUrl: options.publicUrl } }, server, credential)),
    onSessionOpened: (server, userId) => {
      if (Date.now() - (server.checkedAt ?? 0) > STALE_AFTER_MS) refresh(server, userId);
    },
  });
  access = { sessions, allowPrivate: config.remote.allowPrivate };
  const entries = remoteEntries({
    sessions,
    hints: options.hints,
    logger,
    timeoutMs: config.toolTimeoutMs,
    onCredentialRejected: (server, reason) => {
      void store.recordRemoteServerCheck({ id: server.id, status: 'error', statusReason: reason.slice(0, 500), checkedAt: Date.now() }).catch((error: unknown) => {
        logger.warn('could not mark a remote MCP server whose credential was refused', { server: server.slug, reason: (error as Error).message });
      });
    },
  });
  return { access, entries, extras: createRemoteExtras({ sessions, timeoutMs: config.toolTimeoutMs }), close: () => sessions.close() };
}
