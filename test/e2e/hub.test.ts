/**
 * The hub as a person runs it: a real `mcphub serve` process, the CLI as
 * separate processes on the same data dir, the SDK's MCP Client over
 * Streamable HTTP, and a GitHub-shaped fake upstream on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';
import { waitFor } from '../contract/store-contract.ts';

const ALICE_TOKEN = 'ghp_aliceSecretToken00000000000000000001';
const BOB_TOKEN = 'ghp_bobSecretToken0000000000000000000002';

let fake: FakeGitHub;
let hub: HubProcess;
let alice: Account;
let bob: Account;

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(ALICE_TOKEN, 'alice');
  fake.tokens.set(BOB_TOKEN, 'bob');
  hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url });
  alice = await createAccount(hub, 'alice@example.com', ALICE_TOKEN);
  bob = await createAccount(hub, 'bob@example.com', BOB_TOKEN);
});

afterAll(async () => {
  const code = await hub?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

describe('start-up', () => {
  it('prints where data lives, the /mcp URL and the next commands', () => {
    expect(hub.stdout()).toContain(`Data:          ${hub.dataDir}`);
    expect(hub.stdout()).toMatch(/MCP endpoint:\s+http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(hub.stdout()).toContain('users create --email you@example.com');
  });

  it('a second hub on the same port refuses to start, saying why', async () => {
    const port = new URL(hub.url).port;
    const second = await hub.cli(['serve', '--port', port]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${hub.url}/healthz`);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'embedded' });
  });
});

describe.each(['modern', 'legacy'] as const)('MCP over Streamable HTTP (%s protocol)', (mode) => {
  it('lists namespaced tools with schemas and annotations', async () => {
    const client = await connectClient(hub.mcpUrl, alice.key, mode);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(10);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^github__[a-z_]+$/);
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description).toBeTruthy();
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(typeof tool.annotations?.destructiveHint).toBe('boolean');
      expect(typeof tool.annotations?.idempotentHint).toBe('boolean');
      expect(typeof tool.annotations?.openWorldHint).toBe('boolean');
    }
    expect(tools.find((t) => t.name === 'github__create_issue')?.annotations?.readOnlyHint).toBe(false);
    await client.close();
  });

  it('calls a tool, also by its slug/tool alias', async () => {
    const client = await connectClient(hub.mcpUrl, alice.key, mode);
    const me = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(me.isError).toBeFalsy();
    expect(textOf(me)).toContain('alice');
    expect(me.structuredContent).toMatchObject({ login: 'alice' });
    const alias = await client.callTool({ name: 'github/get_repository', arguments: { owner: 'octo', repo: 'hello' } });
    expect(textOf(alias)).toContain('octo/hello');
    await client.close();
  });

  it('refuses invalid arguments before calling GitHub, naming the field', async () => {
    const client = await connectClient(hub.mcpUrl, alice.key, mode);
    const before = fake.requests.length;
    const result = await client.callTool({ name: 'github__create_issue', arguments: { owner: 'octo', repo: 'hello', title: 42 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Invalid arguments for github__create_issue: `title`: .*expected string/i);
    expect(fake.requests.length).toBe(before);
    await client.close();
  });

  it('answers an unknown tool with JSON-RPC -32602', async () => {
    const client = await connectClient(hub.mcpUrl, alice.key, mode);
    await expect(client.callTool({ name: 'github__launch_rockets', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await expect(client.callTool({ name: 'nonsense', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await client.close();
  });

  it('turns an upstream rate limit into an actionable error result', async () => {
    const client = await connectClient(hub.mcpUrl, alice.key, mode);
    const result = await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'rate-limited' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/rate limit.*resets in/);
    await client.close();
  });
});

describe('authentication', () => {
  const initialize = (headers: Record<string, string>) =>
    fetch(hub.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } }),
    });

  it('no key: 401 with WWW-Authenticate and what to do', async () => {
    const response = await initialize({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="mcphub"/);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Bearer mcp_sk_/);
  });

  it('malformed and unknown keys: 401 invalid_token', async () => {
    for (const key of ['hello', 'mcp_sk_' + 'A'.repeat(43)]) {
      const response = await initialize({ authorization: `Bearer ${key}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('accepts X-API-Key as well as Authorization', async () => {
    const response = await initialize({ 'x-api-key': alice.key });
    expect(response.status).toBe(200);
  });

  it('a revoked key is refused within a second, and the SDK client sees 401', async () => {
    const temp = await hub.cli(['keys', 'create', '--user', alice.email, '--name', 'temp', '--json']);
    const { id, key } = JSON.parse(temp.stdout) as { id: string; key: string };
    const client = await connectClient(hub.mcpUrl, key);
    await client.callTool({ name: 'github__get_me', arguments: {} });
    expect((await hub.cli(['keys', 'revoke', id])).code).toBe(0);
    const revokedAt = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - revokedAt < 1_000) {
      status = (await initialize({ authorization: `Bearer ${key}` })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
    await expect(client.callTool({ name: 'github__get_me', arguments: {} })).rejects.toThrow();
    await client.close().catch(() => {});
  });
});

describe('integrations toggled while clients are connected', () => {
  it('disable: tools disappear within a second, open sessions get list_changed, calls explain how to enable', async () => {
    const carol = await createAccount(hub, 'carol@example.com', ALICE_TOKEN);
    // Re-listings the client made on list_changed. A notification for carol's own set-up may still
    // arrive after connecting, so the checks look for the re-listing that shows each toggle.
    const relisted: number[] = [];
    const client = await connectClient(hub.mcpUrl, carol.key, 'modern', { onToolsChanged: (count) => relisted.push(count) });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect((await hub.cli(['integrations', 'disable', 'github', '--user', carol.email])).code).toBe(0);
    await waitFor(() => (relisted.includes(0) ? true : undefined), 1_000);
    expect((await client.listTools()).tools).toEqual([]);
    const refused = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/GitHub is not enabled for your account.*integrations enable github/);
    const enabled = await hub.cli(['integrations', 'enable', 'github', '--user', carol.email, '--token-stdin'], ALICE_TOKEN);
    expect(enabled.code).toBe(0);
    await waitFor(() => (relisted.lastIndexOf(0) < relisted.length - 1 && relisted.at(-1)! > 0 ? true : undefined), 1_000);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('tenant isolation', () => {
  it("each key's calls use only its own user's token", async () => {
    const aliceClient = await connectClient(hub.mcpUrl, alice.key);
    const bobClient = await connectClient(hub.mcpUrl, bob.key);
    const start = fake.requests.length;
    const [a, b] = await Promise.all([
      aliceClient.callTool({ name: 'github__get_me', arguments: {} }),
      bobClient.callTool({ name: 'github__get_me', arguments: {} }),
    ]);
    expect(textOf(a)).toContain('alice');
    expect(textOf(b)).toContain('bob');
    const tokens = fake.requests.slice(start).map((r) => r.token);
    expect(tokens.sort()).toEqual([ALICE_TOKEN, BOB_TOKEN].sort());
    await aliceClient.close();
    await bobClient.close();
  });

  it("one user's calls are never counted as another's", async () => {
    const bobUsage = JSON.parse((await hub.cli(['usage', '--user', bob.email, '--json'])).stdout);
    expect(bobUsage.totals.calls).toBe(1);
  });

  it('tokens never reach the logs or CLI output', async () => {
    const listing = await hub.cli(['integrations', 'list', '--user', alice.email, '--json']);
    expect(listing.stdout).not.toContain(ALICE_TOKEN);
    for (const text of [hub.stdout(), hub.stderr(), listing.stdout]) {
      expect(text).not.toContain(ALICE_TOKEN);
      expect(text).not.toContain(BOB_TOKEN);
      expect(text).not.toContain(alice.key);
    }
  });
});

describe('the catalog', () => {
  it('integrations list says which credential each integration takes and where to get it', async () => {
    const { code, stdout } = await hub.cli(['integrations', 'list']);
    expect(code).toBe(0);
    expect(stdout).toContain('Credentials for `mcphub integrations enable <slug> --user E --token-stdin`:');
    expect(stdout).toMatch(/github +personal access token; scopes: repo, read:org\n +Create a fine-grained or classic token at https:\/\/github\.com\/settings\/tokens/);
    const json = JSON.parse((await hub.cli(['integrations', 'list', '--json'])).stdout) as Array<{ slug: string; credential: string; help: string }>;
    expect(json.find((row) => row.slug === 'slack')).toMatchObject({ credential: expect.stringContaining('xoxb-'), help: expect.stringContaining('https://api.slack.com/apps') });
  });
});

describe('connection status in the CLI', () => {
  it('integrations list --user says, per integration, whether it is connected (and as whom), as the Integrations page does', async () => {
    const erin = await createAccount(hub, 'erin@example.com', ALICE_TOKEN);
    const { code, stdout } = await hub.cli(['integrations', 'list', '--user', erin.email]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^github +GitHub +\d+ +connected( as \S+)? +/m);
    expect(stdout).toMatch(/^linear +Linear +\d+ +not connected +/m);
    const json = JSON.parse((await hub.cli(['integrations', 'list', '--user', erin.email, '--json'])).stdout) as Array<{ slug: string; status: string; attention: unknown }>;
    expect(json.find((row) => row.slug === 'github')).toMatchObject({ status: 'connected', attention: null });
    expect(json.find((row) => row.slug === 'linear')).toMatchObject({ status: 'not_connected' });
  });
});

describe('usage', () => {
  it('records every tools/call: successes billable, failures not, with per-integration latency', async () => {
    const dave = await createAccount(hub, 'dave@example.com', ALICE_TOKEN);
    const client = await connectClient(hub.mcpUrl, dave.key);
    await client.listTools();
    await client.callTool({ name: 'github__get_me', arguments: {} });
    await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' } });
    await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'missing' } });
    await client.callTool({ name: 'github__create_issue', arguments: {} });
    await client.callTool({ name: 'github__nope', arguments: {} }).catch(() => {});
    await client.close();
    const usage = await hub.cli(['usage', '--user', dave.email, '--json']);
    expect(usage.code).toBe(0);
    const report = JSON.parse(usage.stdout);
    expect(report.totals).toEqual({ calls: 5, errors: 3, billable: 2 });
    expect(report.byIntegration).toHaveLength(1);
    expect(report.byIntegration[0]).toMatchObject({ slug: 'github', calls: 4, errors: 2 });
    expect(report.byIntegration[0].p95Ms).toBeGreaterThanOrEqual(report.byIntegration[0].p50Ms);
    expect(report.byIntegration[0].p50Ms).toBeGreaterThan(0);
    const keys = JSON.parse((await hub.cli(['keys', 'list', '--user', dave.email, '--json'])).stdout) as Array<{ lastUsedAt: number | null }>;
    expect(keys[0]?.lastUsedAt).toBeGreaterThan(0);
  });
});

describe('CLI', () => {
  it('bad flags print usage and exit 2', async () => {
    const result = await hub.cli(['keys', 'create', '--user', alice.email, '--nme', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--nme'/);
    expect(result.stderr).toContain('mcphub keys create --user E --name N');
    expect((await hub.cli(['frobnicate'])).code).toBe(2);
  });

  it('refusals exit 1 with the fix', async () => {
    const result = await hub.cli(['keys', 'list', '--user', 'nobody@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('users create --email nobody@example.com');
  });

  it('checks a credential\'s shape before storing it, without echoing it', async () => {
    const result = await hub.cli(['integrations', 'enable', 'postgres', '--user', alice.email, '--token-stdin'], 'mysql://me:secret-pw-42@db/x\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must start with postgres:// or postgresql://');
    expect(result.stderr).not.toContain('secret-pw-42');
    expect(JSON.parse((await hub.cli(['integrations', 'list', '--user', alice.email, '--json'])).stdout).find((row: { slug: string }) => row.slug === 'postgres').enabled).toBe(false);
  });

  it('per-connection settings: shown with defaults, set and reset by name, bad names and values refused', async () => {
    const cli = (...args: string[]) => hub.cli(['integrations', ...args]);
    const notEnabled = await cli('settings', 'postgres', '--user', alice.email);
    expect(notEnabled.code).toBe(1);
    expect(notEnabled.stderr).toContain('mcphub integrations enable postgres --user alice@example.com');
    const done = await hub.cli(['integrations', 'enable', 'postgres', '--user', alice.email, '--token-stdin', '--no-verify', '--set', 'statement_timeout_ms=2000'], 'postgres://me:pw@127.0.0.1:9/db\n');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/allow_writes +false \(default\) +Let execute_sql change data/);
    expect(done.stdout).toMatch(/statement_timeout_ms +2000 +PostgreSQL cancels/);
    const set = await cli('settings', 'postgres', '--user', alice.email, '--set', 'allow_writes=on', '--set', 'statement_timeout_ms=default');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Updated PostgreSQL settings for alice@example.com/);
    const json = JSON.parse((await cli('settings', 'postgres', '--user', alice.email, '--json')).stdout);
    expect(json).toEqual([
      expect.objectContaining({ name: 'allow_writes', value: true, default: false, set: true }),
      expect.objectContaining({ name: 'statement_timeout_ms', value: 15_000, default: 15_000, set: false }),
    ]);
    for (const [assignment, message] of [
      ['bogus=1', /Unknown setting "bogus"\. Settings of PostgreSQL: allow_writes, statement_timeout_ms\./],
      ['allow_writes=maybe', /allow_writes is on or off/],
      ['statement_timeout_ms=10', /`statement_timeout_ms`: Too small/],
      ['allow_writes', /not name=value/],
    ] as const) {
      const refused = await cli('settings', 'postgres', '--user', alice.email, '--set', assignment);
      expect(refused.code, assignment).toBe(2);
      expect(refused.stderr, assignment).toMatch(message);
    }
    expect((await cli('settings', 'github', '--user', alice.email)).stdout).toContain('GitHub has no settings.');
    await cli('disable', 'postgres', '--user', alice.email);
  });
});
