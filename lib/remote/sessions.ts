/**
 * Upstream MCP sessions to remote servers, one per user, server and
 * credential (issue 15): a user's session — and the token in its headers — is
 * never used for anyone else's call, and a changed credential or URL is a new
 * key, so an old session is never reused with a new token. Bounded: at most
 * `maxSessions` (the least recently used closed first) and closed after
 * `idleMs` unused.
 *
 * A server that refuses Streamable HTTP's POST with 404 or 405 is tried on
 * the 2024-11-05 HTTP+SSE transport, and remembered as such.
 *
 * The protocol revision is probed once per server and credential
 * (`versionNegotiation: auto`, then the SDK's `prior` verdict for every later
 * session) and kept here. A session the upstream no longer knows (HTTP 404
 * after a restart, 2025-era sessions) is initialized again once and the call
 * retried once. Each request goes through the SSRF guard (address.ts) and
 * the per-message cap (message-cap.ts).
 */
import { createHash } from 'node:crypto';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  Client,
  PROTOCOL_VERSION_META_KEY,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type AuthProvider,
  type CallToolResult,
  type PriorDiscovery,
  type Tool,
} from '@modelcontextprotocol/client';
import type { Sealer } from '../crypto/seal.ts';
import type { Logger } from '../log.ts';
import type { RemoteServer } from '../store/remote-servers.ts';
import { guardedFetch, type Lookup } from './address.ts';
import { credentialHeaders, openCredential, type RemoteCredential } from './credential.ts';
import { fastCallTool, type FastTarget } from './fast-call.ts';
import { cappedMessageFetch } from './message-cap.ts';

export interface RemoteSessionsOptions {
  sealer: Sealer;
  logger: Logger;
  /** MCPHUB_REMOTE_ALLOW_PRIVATE (lib/server/config.ts). */
  allowPrivate: boolean;
  /** Most bytes of one upstream message (MCPHUB_MAX_UPSTREAM_BYTES). */
  maxBytes: number;
  /** How long connecting (initialize or discover) may take. */
  connectTimeoutMs: number;
  fetch?: typeof fetch;
  lookup?: Lookup;
  maxSessions?: number;
  idleMs?: number;
  /** The upstream said its tools changed (`notifications/tools/list_changed`) on a session of `userId`. */
  onToolsChanged?: (server: RemoteServer, userId: string) => void;
  /** The auth provider of a server with its own OAuth (services/remote-oauth.ts `providerFor`): the transport adds its token and refreshes it. */
  oauthProvider?: (server: RemoteServer, credential: Extract<RemoteCredential, { kind: 'oauth' }>) => AuthProvider;
  /** A session of `userId` opened (a change it announced while none was open went unheard). */
  onSessionOpened?: (server: RemoteServer, userId: string) => void;
}

export const DEFAULT_MAX_SESSIONS = 500;
export const DEFAULT_IDLE_MS = 5 * 60_000;

const CLIENT_INFO = { name: 'mcphub', version: '0.1.0' };

interface Opened {
  client: Client;
  /** The session's plain-POST path for tools/call (fast-call.ts), when the upstream speaks 2026-07-28 without OAuth. */
  fast: FastTarget | null;
}

interface Session {
  client: Promise<Opened>;
  serverId: string;
  lastUsed: number;
}

/** What identifies one credential of one server: its id, URL and sealed credential (a new token seals differently). */
function credentialKey(server: RemoteServer): string {
  return createHash('sha256').update(`${server.id}\n${server.url}\n${server.sealedCredential}`).digest('hex');
}

/** The upstream forgot the session (2025-era servers after a restart): initialize again. */
export function isSessionGone(error: unknown): boolean {
  return error instanceof SdkHttpError && error.status === 404;
}

/** How long a session the upstream forgot stays open for the calls still on it (they fail over to the new one themselves). */
const GONE_SESSION_GRACE_MS = 30_000;

async function closeSession(session: Session): Promise<void> {
  try {
    await (await session.client).client.close();
  } catch {
    // A session that never opened, or an upstream already gone: nothing to close.
  }
}

export class RemoteSessions {
  readonly #options: RemoteSessionsOptions;
  readonly #sessions = new Map<string, Session>();
  /** The protocol verdict per server credential (credentialKey), shared by every user's session on it. */
  readonly #priors = new Map<string, PriorDiscovery>();
  readonly #protocols = new Map<string, string>();
  /** Server credentials found to speak only the 2024-11-05 HTTP+SSE transport. */
  readonly #legacySse = new Set<string>();
  readonly #sweeper: ReturnType<typeof setInterval>;
  readonly #fetch: typeof fetch;

  constructor(options: RemoteSessionsOptions) {
    this.#options = options;
    this.#fetch = guardedFetch(options.fetch ?? fetch, { allowPrivate: options.allowPrivate, ...(options.lookup && { lookup: options.lookup }) });
    const idle = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#sweeper = setInterval(() => this.#sweep(idle), Math.min(idle, 60_000));
    this.#sweeper.unref?.();
  }

  /** Sessions open now (tests, the dashboard's status). */
  get size(): number {
    return this.#sessions.size;
  }

  /** The protocol revision a server's credential was probed to speak, once it was. */
  protocolOf(server: RemoteServer): string | null {
    return this.#protocols.get(credentialKey(server)) ?? null;
  }

  /** Runs `work` on `userId`'s session with `server`; a forgotten session is opened again and `work` retried once. */
  async use<T>(userId: string, server: RemoteServer, work: (client: Client) => Promise<T>): Promise<T> {
    return this.#useOpened(userId, server, (opened) => work(opened.client));
  }

  /**
   * `tools/call` on `userId`'s session: as one plain POST (fast-call.ts) when
   * the session allows it and `viaSdk` is false, else with the SDK client's
   * `request` (`sdk`).
   */
  async callTool(userId: string, server: RemoteServer, params: { name: string; arguments: Record<string, unknown> }, options: { signal: AbortSignal; viaSdk: boolean; sdk: (client: Client) => Promise<CallToolResult> }): Promise<CallToolResult> {
    return this.#useOpened(userId, server, (opened) => (opened.fast && !options.viaSdk ? fastCallTool(opened.fast, params, options.signal) : options.sdk(opened.client)));
  }

  async #useOpened<T>(userId: string, server: RemoteServer, work: (opened: Opened) => Promise<T>): Promise<T> {
    const key = `${userId}\n${credentialKey(server)}`;
    const pending = this.#session(key, userId, server);
    const session = this.#sessions.get(key);
    const opened = await pending;
    try {
      return await work(opened);
    } catch (error) {
      if (!isSessionGone(error)) throw error;
      this.#options.logger.info('remote MCP session gone upstream; initializing again', { server: server.slug, userId });
      // Only the session this call used (a concurrent call may already have opened the next one), and not closed at once:
      // other calls still on it get their own 404 and retry too, where closing it under them would fail them outright.
      if (session && this.#sessions.get(key) === session) {
        this.#sessions.delete(key);
        setTimeout(() => void closeSession(session), GONE_SESSION_GRACE_MS).unref?.();
      }
      return work(await this.#session(key, userId, server));
    }
  }

  async listTools(userId: string, server: RemoteServer): Promise<Tool[]> {
    return this.use(userId, server, async (client) => (await client.listTools(undefined, { cacheMode: 'bypass' })).tools);
  }

  /** Closes every session of `server` (removed, or its credential replaced). */
  forget(serverId: string): void {
    for (const [key, session] of this.#sessions) if (session.serverId === serverId) void this.#drop(key);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#sessions.keys()];
    await Promise.all(all.map((key) => this.#drop(key)));
  }

  #session(key: string, userId: string, server: RemoteServer): Promise<Opened> {
    const found = this.#sessions.get(key);
    if (found) {
      found.lastUsed = Date.now();
      // Re-inserted, so the Map's first entry is the least recently used.
      this.#sessions.delete(key);
      this.#sessions.set(key, found);
      return found.client;
    }
    const session: Session = { client: this.#connect(userId, server), serverId: server.id, lastUsed: Date.now() };
    // A failed connect must not stick: the next call tries again.
    session.client.catch(() => {
      if (this.#sessions.get(key) === session) this.#sessions.delete(key);
    });
    this.#sessions.set(key, session);
    const max = this.#options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    while (this.#sessions.size > max) void this.#drop(this.#sessions.keys().next().value!);
    return session.client;
  }

  async #connect(userId: string, server: RemoteServer): Promise<Opened> {
    const credential = openCredential(this.#options.sealer, server);
    const probeKey = credentialKey(server);
    const fetch = cappedMessageFetch(this.#fetch, { maxBytes: this.#options.maxBytes, serverName: server.slug });
    const open = async (prior: PriorDiscovery | undefined, sse = false) => {
      const client = new Client(CLIENT_INFO, {
        versionNegotiation: { mode: sse ? 'legacy' : 'auto' },
        ...(prior && { prior }),
        listChanged: {
          tools: {
            autoRefresh: false,
            onChanged: () => this.#options.onToolsChanged?.(server, userId),
          },
        },
      });
      const authProvider = credential.kind === 'oauth' ? this.#options.oauthProvider?.(server, credential) : undefined;
      if (credential.kind === 'oauth' && !authProvider) throw new Error(`${server.slug} signs in with OAuth, which this surface cannot do; use the hub`);
      const transportOptions = { fetch, requestInit: { headers: credentialHeaders(credential) }, ...(authProvider && { authProvider }) };
      const transport = sse ? new SSEClientTransport(new URL(server.url), transportOptions) : new StreamableHTTPClientTransport(new URL(server.url), transportOptions);
      await client.connect(transport, { timeout: this.#options.connectTimeoutMs });
      return client;
    };
    // After a restart the stored revision still says a 2025-era server needs no probe (a modern verdict needs its discover result).
    const prior = this.#priors.get(probeKey) ?? (server.protocol?.startsWith('2025-') ? ({ kind: 'legacy' } as const) : undefined);
    const streamable = async () => {
      try {
        return await open(prior);
      } catch (error) {
        // The server changed revision since the probe (an upgrade, a rollback): probe again once.
        if (!prior) throw error;
        this.#priors.delete(probeKey);
        return open(undefined);
      }
    };
    let client: Client;
    if (this.#legacySse.has(probeKey)) client = await open(undefined, true);
    else {
      try {
        client = await streamable();
      } catch (error) {
        // A server on the 2024-11-05 HTTP+SSE transport refuses the POST (404 or 405): its URL is the event stream.
        if (!(error instanceof SdkHttpError && (error.status === 404 || error.status === 405))) throw error;
        client = await open(undefined, true);
        this.#legacySse.add(probeKey);
      }
    }
    if (!this.#priors.has(probeKey)) {
      const discover = client.getDiscoverResult();
      this.#priors.set(probeKey, client.getProtocolEra() === 'modern' && discover ? { kind: 'modern', discover } : { kind: 'legacy' });
      const version = client.getNegotiatedProtocolVersion();
      if (version) this.#protocols.set(probeKey, version);
    }
    this.#options.onSessionOpened?.(server, userId);
    const version = client.getNegotiatedProtocolVersion();
    // A 2026-07-28 call is self-contained (fast-call.ts); with OAuth the SDK's auth provider must add and refresh the token.
    const fast: FastTarget | null =
      client.getProtocolEra() === 'modern' && version && credential.kind !== 'oauth' && !this.#legacySse.has(probeKey)
        ? {
            url: new URL(server.url),
            fetch,
            headers: { ...credentialHeaders(credential), 'mcp-protocol-version': version },
            envelope: { [PROTOCOL_VERSION_META_KEY]: version, [CLIENT_INFO_META_KEY]: CLIENT_INFO, [CLIENT_CAPABILITIES_META_KEY]: {} },
            onToolsChanged: () => this.#options.onToolsChanged?.(server, userId),
          }
        : null;
    return { client, fast };
  }

  async #drop(key: string): Promise<void> {
    const session = this.#sessions.get(key);
    if (!session) return;
    this.#sessions.delete(key);
    await closeSession(session);
  }

  /**
   * Closes the sessions idle for `idleMs`, then forgets the probe verdicts of
   * credentials no session uses any more (a replaced credential, a removed
   * server): kept, they grew with every credential the hub ever saw. A
   * credential used again is probed again, once.
   */
  #sweep(idleMs: number): void {
    const before = Date.now() - idleMs;
    for (const [key, session] of this.#sessions) if (session.lastUsed < before) void this.#drop(key);
    const live = new Set([...this.#sessions.keys()].map((key) => key.slice(key.indexOf('\n') + 1)));
    for (const cache of [this.#priors, this.#protocols, this.#legacySse]) for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  }
}

/** Whether an SDK error is the request's own timeout. */
export function isTimeout(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout;
}
