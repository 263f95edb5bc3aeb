/**
 * Single-flight refresh across hub PROCESSES (issue 13): two real
 * `mcphub serve` processes share one store — one embedded data dir, or one
 * Convex deployment (the test backend) — and the same encryption key, with
 * GitHub OAuth configured from the operator's variables and pointed at the
 * OAuth fake. Once the fake kills the access token, 10 parallel calls on each
 * process cause exactly one token request between them (the Store lease
 * `oauth-refresh:<user>:<slug>`), every call succeeds, and both processes call
 * with the renewed token afterwards. refresh-replicas.test.ts proves the same
 * for two hubs inside one process.
 */
import type { Client } from '@modelcontextprotocol/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuthCredential } from '../../lib/oauth/credential.ts';
import { GITHUB_OAUTH } from '../../lib/oauth/providers.ts';
import { convexHttpCaller, openConvexStore } from '../../lib/store/convex/index.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store } from '../../lib/store/port.ts';
import { CONVEX_SECRET, startConvexBackend } from '../helpers/convex-backend.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import { startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import { connectClient, createAccount, startHub, textOf, type HubProcess } from '../helpers/hub-process.ts';
import { connectThroughFake, fakeConfig, grantOf, oauthEnvOf } from '../helpers/oauth-flow.ts';
import { readOAuthCredential, storeOAuthCredential } from '../helpers/oauth-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

/** Where the two processes keep their state: the variables that name it, each process's data dir, and a store on it for the test itself. */
interface SharedStore {
  env: Record<string, string>;
  dataDirs: [string, string];
  open(): Store;
  close(): Promise<void>;
}

/** One data dir for both processes: the embedded SQLite file and its lease table are what they share. */
async function embedded(): Promise<SharedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'mcphub-procs-'));
  return { env: {}, dataDirs: [dir, dir], open: () => openEmbeddedStore({ dataDir: dir }), close: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** One Convex deployment; each process keeps its own data dir (its usage spool), as replicas do. */
async function convex(): Promise<SharedStore> {
  const backend = await startConvexBackend();
  const dirs = [0, 1].map((i) => mkdtempSync(join(tmpdir(), `mcphub-procs-convex-${i}-`))) as [string, string];
  return {
    env: { MCPHUB_STORE: 'convex', MCPHUB_CONVEX_URL: backend.url, MCPHUB_CONVEX_SECRET: CONVEX_SECRET },
    dataDirs: dirs,
    open: () => openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET }),
    async close() {
      await backend.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the test started, stopped in reverse by afterEach. */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const getMe = async (client: Client) => {
  const result = (await client.callTool({ name: 'github__get_me', arguments: {} })) as { content?: unknown; isError?: boolean };
  return { text: textOf(result), isError: result.isError === true };
};

describe.each([
  ['an embedded data dir', embedded],
  ['a Convex deployment (test backend)', convex],
])('OAuth refresh across two hub processes on %s', (_name, share) => {
  it('10 parallel calls on each process after the token died cause exactly one token request', { timeout: 90_000 }, async () => {
    const shared = await share();
    cleanups.push(() => shared.close());
    const api = startFakeGitHub();
    cleanups.push(() => api.close());
    const oauth = startFakeGitHubOAuth({ api: api.tokens });
    cleanups.push(() => oauth.close());
    const encryptionKey = randomBytes(32);
    const env = { ...shared.env, MCPHUB_ENCRYPTION_KEY: encryptionKey.toString('base64'), MCPHUB_GITHUB_API_URL: api.url, ...oauthEnvOf('github', oauth) };

    const hubs: HubProcess[] = [];
    for (const dataDir of shared.dataDirs) {
      const hub = await startHub(env, { dataDir });
      cleanups.push(() => hub.stop());
      hubs.push(hub);
    }
    const alice = await createAccount(hubs[0]!, 'alice@example.com');

    // The grant as the connect flow gets it, sealed into the shared store as its callback seals it.
    const grant = grantOf(await connectThroughFake(GITHUB_OAUTH, oauth, fakeConfig(oauth)));
    const granted: OAuthCredential = {
      kind: 'oauth',
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken!,
      expiresAt: grant.expiresAt!,
      refreshExpiresAt: grant.refreshExpiresAt!,
      scopes: grant.scopes ?? [],
      account: grant.account,
      metadata: {},
      updatedAt: Date.now(),
    };
    const vault = { store: shared.open(), encryptionKey };
    cleanups.push(() => vault.store.close());
    await storeOAuthCredential(vault, alice.userId, 'github', granted);
    expect(oauth.tokenRequests()).toBe(1);

    const clients: Client[] = [];
    for (const hub of hubs) {
      const client = await connectClient(hub.mcpUrl, alice.key);
      cleanups.push(() => client.close());
      clients.push(client);
      // Each process sees the new connection through its change feed, then calls with the granted token.
      await waitUntil(async () => !(await getMe(client)).isError, 10_000, `${hub.url} to call GitHub with the OAuth connection`);
    }
    expect(new Set(api.requests.map((r) => r.token))).toEqual(new Set([granted.accessToken]));

    oauth.expireAccessTokens();
    // The refresh is held long enough that the other process's calls arrive while the first holds the lease.
    oauth.delayNextTokenRequests(1, 300);
    const calls = clients.flatMap((client) => Array.from({ length: 10 }, () => getMe(client)));
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.isError || !r.text.includes('octo'))).toEqual([]);
    expect(oauth.tokenRequests()).toBe(2); // the grant's exchange, then one refresh between both processes

    const renewed = await readOAuthCredential(vault, alice.userId, 'github');
    expect(renewed.accessToken).not.toBe(granted.accessToken);
    // The process that did not refresh takes the renewed record from its change feed (the embedded store polls
    // every 200 ms); until then its calls present the dead token, are refused, re-read the store and retry with the new one.
    const callsWithRenewed = async (client: Client) => {
      const from = api.requests.length;
      return !(await getMe(client)).isError && api.requests.slice(from).every((r) => r.token === renewed.accessToken);
    };
    for (const client of clients) await waitUntil(() => callsWithRenewed(client), 5_000, 'each process to call with the renewed token');
    const before = api.requests.length;
    for (const client of clients) expect(await getMe(client)).toMatchObject({ isError: false });
    expect(api.requests.slice(before).map((r) => r.token)).toEqual([renewed.accessToken, renewed.accessToken]);
    expect(oauth.tokenRequests()).toBe(2);
  });
});
