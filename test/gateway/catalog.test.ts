/**
 * One catalog per principal, through the whole hub in-process: `tools/list`
 * and `tools/call` answer from the same catalog, so an integration toggled
 * between the two is never listed-but-refused or run-but-unlisted.
 */
import { ProtocolError } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { textOf } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';

const TOKEN = 'ghp_catalogToken0000000000000000000001';
let fake: FakeGitHub;
let hub: InProcessHub;

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'alice');
  hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: fake.url } });
});

afterAll(async () => {
  await hub?.close();
  await fake?.close();
});

async function enabledAccount(email: string): Promise<InProcessAccount> {
  const account = await hub.createAccount(email);
  await hub.enable(account.userId, 'github', TOKEN);
  return account;
}

async function outcomes(userId: string): Promise<string[]> {
  return (await hub.hub.store.listUsage({ userId })).reverse().map((event) => `${event.integration ?? '-'}/${event.tool}:${event.outcome}`);
}

describe.each(['modern', 'legacy'] as const)('one catalog for list and call (%s protocol)', (mode) => {
  it('an integration disabled between tools/list and tools/call is neither listed nor run, and the refusal says how to enable it', async () => {
    const alice = await enabledAccount(`disable-${mode}@example.com`);
    const client = await hub.connect(alice.key, mode);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('github__get_me');

    expect(await hub.hub.store.disableConnection({ userId: alice.userId, slug: 'github', actor: 'test' })).toBe(true);
    const upstreamBefore = fake.requests.length;
    const refused = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^GitHub is not enabled for your account, so github__get_me cannot run\. .*integrations enable github/);
    expect(fake.requests.length).toBe(upstreamBefore);
    expect((await client.listTools()).tools).toEqual([]);

    await hub.enable(alice.userId, 'github', TOKEN);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('github__get_me');
    expect(textOf(await client.callTool({ name: 'github__get_me', arguments: {} }))).toContain('alice');
    expect(await outcomes(alice.userId)).toEqual(['github/get_me:not_enabled', 'github/get_me:ok']);
    await client.close();
  });

  it('the slug/tool alias resolves in the same catalog as the wire name', async () => {
    const bob = await enabledAccount(`alias-${mode}@example.com`);
    const client = await hub.connect(bob.key, mode);
    expect(textOf(await client.callTool({ name: 'github/get_me', arguments: {} }))).toContain('alice');
    await hub.hub.store.disableConnection({ userId: bob.userId, slug: 'github', actor: 'test' });
    expect(textOf(await client.callTool({ name: 'github/get_me', arguments: {} }))).toMatch(/GitHub is not enabled for your account/);
    await client.close();
  });

  it('a name the hub has no tool for is an unknown tool (-32602) that points at tools/list', async () => {
    const carol = await enabledAccount(`unknown-${mode}@example.com`);
    const client = await hub.connect(carol.key, mode);
    const error = await client.callTool({ name: 'github__drop_tables', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toContain('Unknown tool "github__drop_tables". Call tools/list');
    expect(await outcomes(carol.userId)).toEqual(['-/drop_tables:unknown_tool']);
    await client.close();
  });
});

it('a stored connection of an integration this hub does not serve adds nothing: not listed, not callable', async () => {
  const dave = await hub.createAccount('retired@example.com');
  await hub.enable(dave.userId, 'retired-service', 'some-token');
  const client = await hub.connect(dave.key);
  expect((await client.listTools()).tools).toEqual([]);
  const error = await client.callTool({ name: 'retired-service__do_it', arguments: {} }).catch((e: unknown) => e);
  expect((error as ProtocolError).code).toBe(-32602);
  await client.close();
});
