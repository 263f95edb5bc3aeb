/**
 * An OAuth connection in a hub, the way the connect flow leaves one: a grant
 * run against the GitHub OAuth fake (a GitHub App: 8 h tokens, rotating
 * refresh tokens, a refresh kills the old access token), kept as the sealed
 * `oauth:v1:` record. The fake mirrors its tokens into the GitHub API fake, so
 * the real tools run on them and an expired one gets GitHub's 401.
 */
import type { Client } from '@modelcontextprotocol/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialContext, createSealer } from '../../lib/crypto/seal.ts';
import { decodeCredential, encodeCredential, type OAuthCredential } from '../../lib/oauth/credential.ts';
import { GITHUB_OAUTH } from '../../lib/oauth/providers.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store } from '../../lib/store/port.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubRequest } from './fake-github.ts';
import { startFakeGitHubOAuth, type FakeGitHubOAuthOptions } from './fake-oauth/github.ts';
import type { FakeOAuth } from './fake-oauth/types.ts';
import { startInProcessHub, type InProcessAccount, type InProcessHub, type InProcessHubOptions } from './in-process-hub.ts';
import { connectThroughFake, fakeConfig, grantOf } from './oauth-flow.ts';

/** Where a sealed credential lives: the store and the key it was sealed with. */
export interface CredentialVault {
  store: Store;
  encryptionKey: Buffer;
}

/** Stores an OAuth record as alice's `slug` connection, sealed as the callback seals it. */
export async function storeOAuthCredential(vault: CredentialVault, userId: string, slug: string, credential: OAuthCredential): Promise<void> {
  const sealedCredential = createSealer(vault.encryptionKey).seal(encodeCredential(credential), credentialContext(userId, slug));
  await vault.store.upsertConnection({ userId, slug, sealedCredential, account: credential.account.label, actor: 'test' });
}

/** The stored OAuth record of a connection (throws when there is none). */
export async function readOAuthCredential(vault: CredentialVault, userId: string, slug: string): Promise<OAuthCredential> {
  const connection = (await vault.store.listConnections(userId)).find((c) => c.slug === slug && c.enabled);
  if (!connection) throw new Error(`no enabled ${slug} connection for ${userId}`);
  const credential = decodeCredential(createSealer(vault.encryptionKey).open(connection.sealedCredential, credentialContext(userId, slug)));
  if (credential.kind !== 'oauth') throw new Error(`the ${slug} connection is not an OAuth one`);
  return credential;
}

/** One more hub on the same store file, with its own client (another replica). */
export interface OAuthReplica {
  hub: InProcessHub;
  client: Client;
}

export interface OAuthGitHubHub {
  api: FakeGitHub;
  oauth: FakeOAuth;
  hub: InProcessHub;
  alice: InProcessAccount;
  vault: CredentialVault;
  /** The record as the grant gave it, before any refresh. */
  granted: OAuthCredential;
  client: Client;
  /** The other replicas (`replicas` > 1), sharing the first hub's embedded store file. */
  replicas: OAuthReplica[];
  /** `github__get_me` through the MCP client: its text and whether it failed. */
  getMe(client?: Client): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export interface OAuthGitHubHubOptions {
  fake?: FakeGitHubOAuthOptions;
  /** Sees each API request before it is answered. */
  onApiRequest?: (request: FakeGitHubRequest) => void | Promise<void>;
  /** Stored as already expired (so the first call must refresh); the fake's tokens die as well. */
  expired?: boolean;
  hub?: InProcessHubOptions;
  /** The client secret the hub is configured with, when it should differ from the fake's (a misconfigured hub). */
  hubClientSecret?: string;
  /** Hub replicas sharing one embedded store file (two store instances on it), each with its own refresher and lease holder; 1 by default (a private `:memory:` store). */
  replicas?: number;
  /** Opens each replica's store (a Convex adapter over one test backend, say) instead of the shared embedded file. */
  openStore?: () => Store;
}

/** A GitHub API fake, its OAuth fake, an in-process hub configured for it, and alice connected through OAuth with a client. */
export async function startOAuthGitHubHub(options: OAuthGitHubHubOptions = {}): Promise<OAuthGitHubHub> {
  let hook: OAuthGitHubHubOptions['onApiRequest'];
  const api = startFakeGitHub({ onRequest: (request) => hook?.(request) });
  const oauth = startFakeGitHubOAuth({ api: api.tokens, ...options.fake });
  const replicaCount = options.replicas ?? 1;
  const sharedDir = replicaCount > 1 && !options.openStore ? mkdtempSync(join(tmpdir(), 'mcphub-replicas-')) : null;
  const env = { MCPHUB_GITHUB_API_URL: api.url, MCPHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...options.hub?.env };
  const startOne = () =>
    startInProcessHub({
      ...options.hub,
      env,
      ...(options.openStore ? { store: options.openStore() } : sharedDir ? { store: openEmbeddedStore({ dataDir: sharedDir, pollIntervalMs: 20 }) } : {}),
      oauthApps: { github: fakeConfig(oauth, options.hubClientSecret ? { clientSecret: options.hubClientSecret } : {}) },
    });
  const hub = await startOne();
  const others = await Promise.all(Array.from({ length: replicaCount - 1 }, startOne));
  const alice = await hub.createAccount('alice@example.com');
  const vault = { store: hub.hub.store, encryptionKey: hub.config.encryptionKey };
  const grant = grantOf(await connectThroughFake(GITHUB_OAUTH, oauth, fakeConfig(oauth)));
  const granted: OAuthCredential = {
    kind: 'oauth',
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken!,
    expiresAt: options.expired ? Date.now() - 1_000 : grant.expiresAt!,
    refreshExpiresAt: grant.refreshExpiresAt!,
    scopes: grant.scopes ?? [],
    account: grant.account,
    metadata: {},
    updatedAt: Date.now(),
  };
  if (options.expired) oauth.expireAccessTokens();
  await storeOAuthCredential(vault, alice.userId, 'github', granted);
  const client = await hub.connect(alice.key);
  const replicas = await Promise.all(others.map(async (other) => ({ hub: other, client: await other.connect(alice.key) })));
  hook = options.onApiRequest;
  const getMe = async (through = client) => {
    const result = (await through.callTool({ name: 'github__get_me', arguments: {} })) as { content: Array<{ type: string; text?: string }>; isError?: boolean };
    return { text: result.content.map((c) => c.text ?? '').join('\n'), isError: result.isError === true };
  };
  return {
    api,
    oauth,
    hub,
    alice,
    vault,
    granted,
    client,
    replicas,
    getMe,
    async close() {
      await Promise.all([client, ...replicas.map((r) => r.client)].map((c) => c.close()));
      await Promise.all([hub, ...others].map((h) => h.close()));
      await Promise.all([api.close(), oauth.close()]);
      if (sharedDir) rmSync(sharedDir, { recursive: true, force: true });
    },
  };
}
