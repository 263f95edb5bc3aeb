/**
 * The whole hub in this process (STYLE.md 16): `createHub` over a private
 * `:memory:` embedded store, served through `app.handle(new Request(…))` — no
 * port, no child process — with a real SDK `Client` whose transport's fetch
 * goes straight into the app. Accounts are made with the same crypto the CLI
 * uses (hashed keys, sealed credentials). Use real processes (hub-process.ts)
 * only for what needs them: signals, restarts, several replicas, the CLI.
 */
import { Client, StreamableHTTPClientTransport, type ClientCapabilities } from '@modelcontextprotocol/client';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { createSealer, credentialContext } from '../../lib/crypto/seal.ts';
import { readEnv } from '../../lib/env.ts';
import { createLogger, type LogLevel } from '../../lib/log.ts';
import type { AnyIntegration } from '../../lib/mcp/define.ts';
import type { OAuthClientConfig } from '../../lib/oauth/config.ts';
import { OAUTH_PROVIDERS, type OAuthProvider } from '../../lib/oauth/providers.ts';
import { resolveConfig, type HubConfig } from '../../lib/server/config.ts';
import { oauthApp } from '../../lib/server/oauth-config.ts';
import type { KeepAliveLimits, KeepAliveSchedule } from '../../lib/oauth/keep-alive.ts';
import { createHub, type Hub } from '../../lib/server/hub.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { ConnectionSettings, Store } from '../../lib/store/port.ts';
import type { ObjectStore } from '../../lib/usage/archive/object-store.ts';
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts';
import type { ProtocolMode } from './hub-process.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The origin requests are addressed to; loopback, as the hub binds by default. */
export const IN_PROCESS_ORIGIN = 'http://127.0.0.1:8787';

export interface InProcessAccount {
  email: string;
  userId: string;
  key: string;
  keyId: string;
}

export interface InProcessHub {
  hub: Hub;
  config: HubConfig;
  /** Every log line the hub wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** `app.handle` for a path (or a full Request), e.g. `request('/healthz')`. */
  request(pathOrRequest: string | Request, init?: RequestInit): Promise<Response>;
  /** A user with one API key. */
  createAccount(email: string): Promise<InProcessAccount>;
  /** Enables an integration for a user with a credential, sealed as the CLI seals it. */
  enable(userId: string, slug: string, credential: string, settings?: ConnectionSettings): Promise<void>;
  /** A real SDK client whose HTTP goes into `app.handle`. */
  connect(key: string, mode?: ProtocolMode, options?: { onToolsChanged?: (toolCount: number) => void; capabilities?: ClientCapabilities }): Promise<Client>;
  close(): Promise<void>;
}

export interface InProcessHubOptions {
  /** Environment as the hub would read it (`MCPHUB_GITHUB_API_URL`, limits…). */
  env?: Record<string, string>;
  integrations?: readonly AnyIntegration[];
  logLevel?: LogLevel;
  /** The store to build the hub on (a Convex adapter over convex-test, say); a private `:memory:` embedded store by default. */
  store?: Store;
  /** Per-key SDK handlers the gateway keeps. */
  maxKeyHandlers?: number;
  /** Where tool results' connect links point (createHub's `publicUrl`); without it, and without a dashboard, results carry none. */
  publicUrl?: string;
  /** OAuth apps by integration slug, on top of the environment's (HubConfig.oauth.apps), e.g. pointed at a provider fake; each asks for its provider's default scopes. */
  oauthApps?: Partial<Record<OAuthProvider['slug'], OAuthClientConfig>>;
  /** Schedules the OAuth keep-alive sweep (createHub's `keepAlive`); off by default: tests call `hub.keepAlive.runOnce()`. */
  keepAlive?: KeepAliveSchedule;
  /** The sweep's bounds per run (createHub's `keepAliveLimits`). */
  keepAliveLimits?: KeepAliveLimits;
  /** How old a replica's count of a user's monthly calls may get (createHub's `quotaRefreshMs`). */
  quotaRefreshMs?: number;
  /** Object storage for exports and archives (createHub's `objects`); files in the temp data dir by default. */
  objects?: ObjectStore | null;
  /** createHub's `enforcePlans` (the plan-limits benchmark's hub without them). */
  enforcePlans?: boolean;
}

export async function startInProcessHub(options: InProcessHubOptions = {}): Promise<InProcessHub> {
  // The data dir holds only the generated encryption key and forward secret; the store is in memory.
  const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-inproc-'));
  const resolved = resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir, ...options.env }));
  const apps = Object.entries(options.oauthApps ?? {}).map(([slug, app]) => [slug, oauthApp(OAUTH_PROVIDERS[slug as OAuthProvider['slug']], app!)] as const);
  const config = { ...resolved, oauth: { apps: { ...resolved.oauth.apps, ...Object.fromEntries(apps) }, missing: Object.fromEntries(Object.entries(resolved.oauth.missing).filter(([slug]) => !(slug in (options.oauthApps ?? {})))) } };
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: options.logLevel ?? 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const store = options.store ?? openEmbeddedStore({ dataDir: ':memory:', pollIntervalMs: 20 });
  const hub = createHub(config, {
    logger,
    store,
    ...(options.integrations ? { integrations: options.integrations } : {}),
    ...(options.maxKeyHandlers !== undefined && { maxKeyHandlers: options.maxKeyHandlers }),
    ...(options.publicUrl !== undefined && { publicUrl: () => options.publicUrl! }),
    ...(options.keepAlive && { keepAlive: options.keepAlive }),
    ...(options.keepAliveLimits && { keepAliveLimits: options.keepAliveLimits }),
    ...(options.quotaRefreshMs !== undefined && { quotaRefreshMs: options.quotaRefreshMs }),
    ...(options.objects !== undefined && { objects: options.objects }),
    ...(options.enforcePlans !== undefined && { enforcePlans: options.enforcePlans }),
  });
  const sealer = createSealer(config.encryptionKey);

  const request = (pathOrRequest: string | Request, init?: RequestInit) =>
    hub.app.handle(typeof pathOrRequest === 'string' ? new Request(new URL(pathOrRequest, IN_PROCESS_ORIGIN), init) : pathOrRequest);
  const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) => request(new Request(input, init))) as typeof fetch;

  return {
    hub,
    config,
    logs,
    request,
    async createAccount(email) {
      const user = await store.createUser({ email, actor: 'test' });
      const key = generateApiKey();
      const record = await store.createApiKey({ userId: user.id, name: 'test', hash: key.hash, prefix: key.prefix, actor: 'test' });
      return { email, userId: user.id, key: key.key, keyId: record.id };
    },
    async enable(userId, slug, credential, settings) {
      const sealedCredential = sealer.seal(credential, credentialContext(userId, slug));
      await store.upsertConnection({ userId, slug, sealedCredential, ...(settings ? { settings } : {}), actor: 'test' });
    },
    async connect(key, mode = 'modern', connectOptions = {}) {
      const client = new Client(
        { name: 'in-process', version: '1.0.0' },
        {
          versionNegotiation: { mode: mode === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
          ...(connectOptions.capabilities && { capabilities: connectOptions.capabilities }),
          ...(connectOptions.onToolsChanged ? { listChanged: { tools: { onChanged: (_error, tools) => connectOptions.onToolsChanged!(tools?.length ?? -1) } } } : {}),
        },
      );
      await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', IN_PROCESS_ORIGIN), { fetch: inProcessFetch, requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
      return client;
    },
    async close() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface GitHubHub {
  fake: FakeGitHub;
  hub: InProcessHub;
  /** A user with a key and GitHub enabled with `token`, which the fake knows as `alice`. */
  alice: InProcessAccount;
  token: string;
  close(): Promise<void>;
}

/** The setup most gateway tests share: a GitHub-shaped fake, an in-process hub pointed at it, and alice with GitHub enabled. */
export async function startGitHubHub(options: InProcessHubOptions = {}): Promise<GitHubHub> {
  const token = `ghp_${randomBytes(18).toString('hex')}`;
  const fake = startFakeGitHub();
  fake.tokens.set(token, 'alice');
  const hub = await startInProcessHub({ ...options, env: { MCPHUB_GITHUB_API_URL: fake.url, ...options.env } });
  const alice = await hub.createAccount('alice@example.com');
  await hub.enable(alice.userId, 'github', token);
  return {
    fake,
    hub,
    alice,
    token,
    async close() {
      fake.releaseHeld();
      await hub.close();
      await fake.close();
    },
  };
}
