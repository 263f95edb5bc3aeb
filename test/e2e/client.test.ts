/**
 * `@mcphub/client` as Claude Desktop runs it: installed from its packed
 * tarball, started on plain Node as a child process, driven by the SDK's
 * `StdioClientTransport`, against a real hub process (and the CLI as separate
 * processes) with a GitHub-shaped fake upstream on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolError, type Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOverStdio, installPackedClient, startBridge, type Bridge, type InstalledClient } from '../helpers/bridge-process.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { waitUntil } from '../helpers/wait.ts';
import { createAccount, freePort, runCli, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';

const GITHUB_TOKEN = 'ghp_bridgeUserToken000000000000000000001';
const UNKNOWN_KEY = 'mcp_sk_' + 'Z'.repeat(43);
const CLIENT_VERSION = (JSON.parse(readFileSync(new URL('../../client/package.json', import.meta.url), 'utf8')) as { version: string }).version;

let installed: InstalledClient;
let fake: FakeGitHub;
let hub: HubProcess;
let alice: Account;
const bridges: Bridge[] = [];

async function bridge(args: string[], options: Parameters<typeof startBridge>[2] = {}): Promise<Bridge> {
  const started = await startBridge(installed, args, options);
  bridges.push(started);
  return started;
}

beforeAll(async () => {
  // The global set-up packed the client once (test/global-setup.ts).
  installed = installPackedClient(inject('clientTarball'));
  fake = startFakeGitHub({ slowMs: 10_000 });
  fake.tokens.set(GITHUB_TOKEN, 'alice');
  hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url });
  alice = await createAccount(hub, 'alice@example.com', GITHUB_TOKEN);
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.close().catch(() => {})));
  await hub?.stop();
  await fake?.close();
  installed?.cleanup();
});

/** What the AI client shows when the hub cannot be used: the one stand-in tool, whose description says why (the same line the bridge logs). */
function statusOnly(tools: Tool[], stderr: string): string {
  expect(tools.map((t) => t.name)).toEqual(['mcphub_status']);
  const description = tools[0]!.description!;
  expect(stderr).toContain(`[mcphub-client] ${description}\n`);
  return description;
}

function runClient(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(installed.bin, args, { env: { ...installed.env, ...env }, encoding: 'utf8', input: '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('installed from the packed tarball', () => {
  it('runs on plain Node and prints its version and help', () => {
    expect(runClient(['--version'])).toMatchObject({ code: 0, stdout: `${CLIENT_VERSION}\n` });
    const help = runClient(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--token KEY');
    expect(help.stdout).toContain('"command": "npx"');
  });

  it('refuses bad flags with exit 2 and a line that says what to fix, never echoing a key', () => {
    const unknown = runClient(['--tokn', alice.key]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--tokn'");
    expect(unknown.stderr).not.toContain(alice.key);

    const stray = runClient([alice.key]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('Put the key right after --token');
    expect(stray.stderr).not.toContain(alice.key);

    expect(runClient([])).toMatchObject({ code: 2, stderr: expect.stringContaining('No API key. Pass --token') });
    expect(runClient(['--token', 'sk-not-ours'])).toMatchObject({ code: 2, stderr: expect.stringContaining('hub keys start with mcp_sk_') });
    expect(runClient(['--token', alice.key, '--url', 'ftp://hub'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--url must start with http://') });
    expect(runClient(['--token', alice.key, '--header', 'Authorization: Bearer x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('pass the key with --token') });
    expect(runClient(['--token', alice.key, '--header', 'no colon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not "Name: value"') });
  });

  it("keeps V8's code cache in the user's cache directory, and a corrupt cache only costs speed", () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'mcphub-cache-'));
    try {
      expect(runClient(['--version'], { XDG_CACHE_HOME: cacheHome }).code).toBe(0);
      const dir = join(cacheHome, 'mcphub-client');
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^[0-9a-f]{24}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);

      writeFileSync(join(dir, file!), 'not a code cache');
      expect(runClient(['--version'], { XDG_CACHE_HOME: cacheHome })).toMatchObject({ code: 0, stdout: `${CLIENT_VERSION}\n` });
      expect(readFileSync(join(dir, file!)).length).toBeGreaterThan(1000); // replaced by a good one

      writeFileSync(join(cacheHome, 'mcphub-client-blocked'), '');
      expect(runClient(['--version'], { XDG_CACHE_HOME: join(cacheHome, 'mcphub-client-blocked') })).toMatchObject({ code: 0, stdout: `${CLIENT_VERSION}\n` });
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it('takes the key and URL from MCPHUB_TOKEN and MCPHUB_URL', async () => {
    const viaEnv = await startBridge({ ...installed, env: { ...installed.env, MCPHUB_TOKEN: alice.key, MCPHUB_URL: hub.url } }, []);
    bridges.push(viaEnv);
    expect((await viaEnv.client.listTools()).tools.length).toBe(14);
  });
});

describe('the entry `mcphub config` prints', () => {
  it('starts the bridge through npx from the tarball, exactly as Claude Desktop runs it', async () => {
    const printed = await hub.cli(['config', 'claude', '--key', alice.key, '--url', hub.mcpUrl, '--package', installed.tarball, '--json']);
    expect(printed.code).toBe(0);
    const entry = (JSON.parse(printed.stdout) as { mcpServers: { mcphub: { command: string; args: string[] } } }).mcpServers.mcphub;
    expect(entry.command).toBe('npx');
    const viaNpx = await connectOverStdio({ ...entry, env: installed.env });
    bridges.push(viaNpx);
    expect((await viaNpx.client.listTools()).tools.length).toBe(14);
  });

  it('by default installs the bridge from the tarball this hub serves, at its real port, and the printed entry lists the tools', async () => {
    const printed = await runCli(['config', 'claude', '--key', alice.key, '--json'], { ...hub.env, PORT: new URL(hub.url).port });
    expect(printed.code).toBe(0);
    const entry = (JSON.parse(printed.stdout) as { mcpServers: { mcphub: { command: string; args: string[] } } }).mcpServers.mcphub;
    expect(entry.args).toEqual(['-y', `--package=${hub.url}/client/mcphub-client-${CLIENT_VERSION}.tgz`, 'mcphub-client', '--token', alice.key, '--url', hub.mcpUrl]);
    const tarball = await fetch(`${hub.url}/client/mcphub-client-${CLIENT_VERSION}.tgz`);
    expect(tarball.headers.get('content-type')).toBe('application/gzip');
    // installed.env has its own empty npm cache: npx can only have the bridge from the hub.
    const viaNpx = await connectOverStdio({ ...entry, env: installed.env });
    bridges.push(viaNpx);
    expect((await viaNpx.client.listTools()).tools.length).toBe(14);
  });
});

describe.each(['legacy', 'modern'] as const)('relaying the hub (%s stdio client)', (mode) => {
  it('lists the hub tools and calls them', async () => {
    const { client } = await bridge(['--token', alice.key, '--url', hub.mcpUrl], { mode });
    expect(client.getServerVersion()).toMatchObject({ name: 'mcphub', version: CLIENT_VERSION });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('github__create_issue');
    expect(tools.every((t) => /^github__[a-z_]+$/.test(t.name))).toBe(true);

    const me = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(me.isError).toBeFalsy();
    expect(me.structuredContent).toMatchObject({ login: 'alice' });

    const invalid = await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo' } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toContain('repo');
  });

  it("passes the hub's JSON-RPC errors through unchanged", async () => {
    const { client } = await bridge(['--token', alice.key, '--url', hub.mcpUrl], { mode });
    const error = await client.callTool({ name: 'nope__missing', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool "nope__missing"') });
  });
});

describe('list_changed', () => {
  it('reaches the AI client within seconds when an integration is toggled on the hub', async () => {
    const seen: string[][] = [];
    const { client } = await bridge(['--token', alice.key, '--url', hub.mcpUrl], { onToolsChanged: (names) => seen.push(names) });
    expect((await client.listTools()).tools.length).toBe(14);

    expect((await hub.cli(['integrations', 'disable', 'github', '--user', alice.email])).code).toBe(0);
    await waitUntil(() => seen.at(-1)?.length === 0, 5_000, 'the tool list re-listed empty after disabling GitHub');
    expect((await client.listTools()).tools).toEqual([]);

    expect((await hub.cli(['integrations', 'enable', 'github', '--user', alice.email, '--token-stdin'], GITHUB_TOKEN + '\n')).code).toBe(0);
    await waitUntil(() => seen.at(-1)?.length === 14, 5_000, 'the tool list re-listed with GitHub tools after enabling it');
  });
});

describe('logging', () => {
  it('keeps stdout for protocol messages and never prints the key, even with --verbose', async () => {
    const verbose = await bridge(['--token', alice.key, '--url', hub.mcpUrl, '--verbose']);
    await verbose.client.listTools();
    await verbose.client.callTool({ name: 'github__get_me', arguments: {} });
    const stderr = verbose.stderr();
    expect(stderr).toContain('tools/call ok in');
    expect(stderr).toContain(`with key ${alice.key.slice(0, 13)}…`);
    expect(stderr).not.toContain(alice.key);
    // The SDK client reports any non-protocol line on stdout as an error; there must be none.
    expect(stderr).not.toContain('[test client error]');
  });
});

describe('a rejected key', () => {
  it('an unknown key (the hub answers 401): the one tool listed and every call say so and name the fix; the bridge keeps running', async () => {
    const rejected = await bridge(['--token', UNKNOWN_KEY, '--url', hub.mcpUrl]);
    const description = statusOnly((await rejected.client.listTools()).tools, rejected.stderr());
    expect(description).toContain(`MCP Hub at ${hub.url} rejected the API key`);
    expect(description).toContain('`npx mcphub keys create --user you@example.com --name laptop`');
    const status = await rejected.client.callTool({ name: 'mcphub_status', arguments: {} });
    expect(status.isError).toBe(true);
    expect(textOf(status)).toBe(description);

    const call = await rejected.client.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toContain('rejected the API key');
    await rejected.client.ping();
    expect(rejected.stderr()).toContain('rejected the API key');
    expect(rejected.stderr()).not.toContain(UNKNOWN_KEY);
  });

  it('a key revoked mid-session: the AI client is told to re-list, and calls say the key was rejected', async () => {
    const created = await hub.cli(['keys', 'create', '--user', alice.email, '--name', 'to-revoke', '--json']);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    let relisted = 0;
    const { client } = await bridge(['--token', key, '--url', hub.mcpUrl], { onToolsChanged: () => relisted++ });
    expect((await client.listTools()).tools.length).toBe(14);

    expect((await hub.cli(['keys', 'revoke', id])).code).toBe(0);
    await waitUntil(() => relisted > 0, 5_000, 'a list_changed after the revoke');
    const call = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError).toBe(true);
    expect(textOf(call)).toContain('rejected the API key');
  });
});

describe('a wrong --url', () => {
  it('says the address is not an MCP Hub endpoint and how to point it right', async () => {
    const wrong = await bridge(['--token', alice.key, '--url', `${hub.url}/wrong`]);
    const description = statusOnly((await wrong.client.listTools()).tools, wrong.stderr());
    expect(description).toContain(`${hub.url}/wrong answered HTTP 404, so it is not an MCP Hub endpoint`);
    const call = await wrong.client.callTool({ name: 'github__get_me', arguments: {} });
    expect(textOf(call)).toContain("Point --url at the hub's MCP endpoint");
  });

  it("accepts the hub's bare address", async () => {
    const bare = await bridge(['--token', alice.key, '--url', hub.url]);
    expect((await bare.client.listTools()).tools.length).toBe(14);
  });
});

describe('cancellation', () => {
  it("cancelling a call in the AI client cancels it at the hub", async () => {
    const { client } = await bridge(['--token', alice.key, '--url', hub.mcpUrl]);
    const abort = new AbortController();
    const call = client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'slow' } }, { signal: abort.signal }).catch((e: unknown) => e);
    await waitUntil(() => fake.requests.some((r) => r.path === '/repos/octo/slow'), 5_000, 'the hub to reach the slow fake repository');
    abort.abort();
    expect(await call).toBeInstanceOf(Error);
    await waitUntil(() => /"tool":"github__get_repository"[^\n]*"outcome":"cancelled"/.test(hub.stderr()), 5_000, 'the hub to log the call as cancelled');
  });
});

describe('when the hub is down, restarts, or is shared', () => {
  let dataDir: string;
  let port: number;
  let owner: Account;
  let later: HubProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcphub-later-'));
    port = await freePort();
    // The account is made with the CLI alone: the hub itself is not running yet.
    owner = await createAccount({ cli: (args, stdin) => runCli(args, { ...hub.env, MCPHUB_DATA_DIR: dataDir }, stdin) }, 'owner@example.com', GITHUB_TOKEN);
  });

  afterAll(async () => {
    await later?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts without the hub, says how to start it, and picks it up when it comes', async () => {
    const url = `http://127.0.0.1:${port}/mcp`;
    const seen: string[][] = [];
    const { client, stderr } = await bridge(['--token', owner.key, '--url', url], { onToolsChanged: (names) => seen.push(names) });
    const description = statusOnly((await client.listTools()).tools, stderr());
    expect(description).toContain(`MCP Hub is not reachable at ${url} (connection refused). Start it with \`npm start\``);
    const down = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(down.isError).toBe(true);
    expect(textOf(down)).toContain(`not reachable at ${url}`);
    expect(textOf(down)).toContain('npm start');

    later = await startHub({ MCPHUB_GITHUB_API_URL: fake.url }, { dataDir, port });
    await waitUntil(() => seen.at(-1)?.length === 14, 10_000, 'the GitHub tools once the hub started');
    const up = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(up.structuredContent).toMatchObject({ login: 'alice' });
  });

  it('survives a hub restart mid-session: the next call succeeds and list_changed still arrives', async () => {
    const seen: string[][] = [];
    const { client } = await bridge(['--token', owner.key, '--url', `http://127.0.0.1:${port}/mcp`], { onToolsChanged: (names) => seen.push(names) });
    expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();

    await later!.stop();
    later = await startHub({ MCPHUB_GITHUB_API_URL: fake.url }, { dataDir, port });
    const next = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(next.isError).toBeFalsy();
    expect(next.structuredContent).toMatchObject({ login: 'alice' });

    // The change stream was re-opened on the new hub process.
    await waitUntil(() => seen.length > 0, 10_000, 'the re-list that follows reconnecting'); // the reconnect itself asks for a re-list
    const before = seen.length;
    expect((await later!.cli(['integrations', 'disable', 'github', '--user', owner.email])).code).toBe(0);
    await waitUntil(() => seen.length > before && seen.at(-1)!.length === 0, 10_000, 'the re-list after disabling GitHub on the restarted hub');
  });

  it('two copies started at once (as Claude Desktop does) both work', async () => {
    expect((await later!.cli(['integrations', 'enable', 'github', '--user', owner.email, '--token-stdin'], GITHUB_TOKEN + '\n')).code).toBe(0);
    const args = ['--token', owner.key, '--url', `http://127.0.0.1:${port}/mcp`];
    const [first, second] = await Promise.all([bridge(args), bridge(args)]);
    const results = await Promise.all([first!, second!].map((b) => b.client.callTool({ name: 'github__get_me', arguments: {} })));
    for (const result of results) expect(result.structuredContent).toMatchObject({ login: 'alice' });
    expect((await first!.client.listTools()).tools.length).toBe(14);
    expect((await second!.client.listTools()).tools.length).toBe(14);
  });

  it('a hub answering 5xx: the one tool says the hub failed and where to look; its tools replace it once the hub works', async () => {
    await later?.stop();
    later = undefined;
    const broken = createServer((_request, response) => response.writeHead(503, { 'content-type': 'text/plain' }).end('upstream unavailable'));
    await new Promise<void>((resolve) => broken.listen(port, '127.0.0.1', resolve));
    const seen: string[][] = [];
    const { client, stderr } = await bridge(['--token', owner.key, '--url', `http://127.0.0.1:${port}/mcp`], { onToolsChanged: (names) => seen.push(names) });
    try {
      const description = statusOnly((await client.listTools()).tools, stderr());
      expect(description).toContain(`MCP Hub at http://127.0.0.1:${port} answered HTTP 503: the hub itself failed.`);
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
    later = await startHub({ MCPHUB_GITHUB_API_URL: fake.url }, { dataDir, port });
    await waitUntil(() => seen.at(-1)?.length === 14, 10_000, 'the GitHub tools once the hub answered');
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('mcphub_status');
    // A client that calls the stand-in before re-listing learns the hub is back.
    const status = await client.callTool({ name: 'mcphub_status', arguments: {} });
    expect(status.isError).toBeFalsy();
    expect(textOf(status)).toContain('is connected again');
    expect(stderr()).toContain(`connected to MCP Hub at http://127.0.0.1:${port}/mcp`);
  });
});
