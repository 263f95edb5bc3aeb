/** `mcphub remote` as a person runs it: add a server (its tools listed, the mapping shown), list, a refused token, refresh, update, remove. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerTokens, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { runCli } from '../helpers/hub-process.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

let dataDir: string;
let fake: FakeRemoteMcp;
const cli = (...args: string[]) => runCli(args, { MCPHUB_DATA_DIR: dataDir, HOME: dataDir });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-remote-'));
  fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-1': 'ada', 'tok-2': 'ada-2' }) });
  expect((await cli('users', 'create', '--email', 'ada@example.com')).code).toBe(0);
});
afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('mcphub remote', () => {
  it('adds, lists with the name mapping, refreshes, replaces the credential and removes a server', async () => {
    const refused = await cli('remote', 'add', 'acme', '--user', 'ada@example.com', '--url', fake.url, '--token', 'wrong');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused the credential/);
    const added = await cli('remote', 'add', 'acme', '--user', 'ada@example.com', '--url', fake.url, '--token', 'tok-1');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Added acme for ada@example.com \(11 tools\)/);
    expect(added.stdout).toMatch(/acme__search_docs_[0-9a-f]{6}\s+search\.docs/);
    const listed = JSON.parse((await cli('remote', 'list', '--user', 'ada@example.com', '--json')).stdout) as Array<{ slug: string; tools: Array<{ name: string; wireName: string }> }>;
    expect(listed.map((s) => [s.slug, s.tools.length])).toEqual([['acme', 11]]);
    expect(JSON.stringify(listed)).not.toContain('tok-1');
    expect((await cli('remote', 'refresh', 'acme', '--user', 'ada@example.com')).stdout).toMatch(/acme\s+http:\/\/127\.0\.0\.1:\d+\/mcp\s+\(bearer; ok/);
    expect((await cli('remote', 'update', 'acme', '--user', 'ada@example.com', '--token', 'tok-2')).code).toBe(0);
    expect(fake.callers.at(-1)).toBe('ada-2');
    expect((await cli('remote', 'remove', 'acme', '--user', 'ada@example.com')).code).toBe(0);
    expect((await cli('remote', 'list', '--user', 'ada@example.com')).stdout).toMatch(/has no remote MCP servers/);
  });

  it('refuses to refresh a server that signs in with its own OAuth, and leaves its status as it was', async () => {
    // Such a server is added from the dashboard (its sign-in needs a browser); here it is put in hub.db directly.
    const store = openEmbeddedStore({ dataDir });
    const user = (await store.getUserByEmail('ada@example.com'))!;
    await store.createRemoteServer({ ownerId: user.id, slug: 'signin', url: fake.url, credentialKind: 'oauth', sealedCredential: 'sealed-elsewhere' });
    await store.close();
    const refreshed = await cli('remote', 'refresh', 'signin', '--user', 'ada@example.com');
    expect(refreshed.code).toBe(1);
    expect(refreshed.stderr).toContain('signin signs in with its own OAuth, which the CLI cannot do. Refresh it on the dashboard');
    const listed = JSON.parse((await cli('remote', 'list', '--user', 'ada@example.com', '--json')).stdout) as Array<{ slug: string; status: string }>;
    expect(listed.find((s) => s.slug === 'signin')?.status).not.toBe('error');
  });
});
