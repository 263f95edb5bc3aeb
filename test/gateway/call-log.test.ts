/**
 * What the call log records from real MCP clients, through the real gateway
 * in-process: the client's name (a 2026-07-28 client's clientInfo, a
 * 2025-era client's User-Agent), the error text the model saw for an error
 * result and for a JSON-RPC error, the key's last client, redacted arguments
 * only when the user asked for them, and the live tail.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../lib/store/port.ts';
import { IN_PROCESS_ORIGIN, startGitHubHub, type GitHubHub } from '../helpers/in-process-hub.ts';

let gh: GitHubHub;

beforeAll(async () => {
  gh = await startGitHubHub();
});
afterAll(() => gh.close());

/** A real SDK client with its own name and User-Agent, its HTTP going into the hub's app.handle. */
async function connect(mode: 'modern' | 'legacy', name: string, userAgent: string): Promise<Client> {
  const client = new Client({ name, version: '3.1.4' }, { versionNegotiation: { mode: mode === 'modern' ? { pin: '2026-07-28' } : 'legacy' } });
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => gh.hub.request(new Request(input, init))) as typeof globalThis.fetch;
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', IN_PROCESS_ORIGIN), { fetch, requestInit: { headers: { Authorization: `Bearer ${gh.alice.key}`, 'User-Agent': userAgent } } }));
  return client;
}

async function newestCall(): Promise<UsageEvent> {
  const page = await gh.hub.hub.store.listCalls(gh.alice.userId, { limit: 1 });
  return page.calls[0]!;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ type: string; text?: string }>).map((b) => b.text ?? '').join('\n');

describe.each([
  ['modern', 'claude-ai', 'claude-ai/3.1.4'],
  ['legacy', 'old-desktop', 'legacy-agent/2.0 (test)'],
] as const)('a %s SDK client', (mode, name, expectedClient) => {
  let client: Client;
  beforeAll(async () => {
    // The modern client's clientInfo wins over its User-Agent; a 2025-era client is known by its User-Agent alone.
    client = await connect(mode, name, mode === 'modern' ? 'node' : 'legacy-agent/2.0 (test)');
  });
  afterAll(() => client.close());

  it('is recorded by name on its call, and as the key\'s last client', async () => {
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBeFalsy();
    const call = await newestCall();
    expect(call).toMatchObject({ tool: 'get_me', outcome: 'ok', client: expectedClient });
    expect(call.error).toBeUndefined();
    expect(call.arguments).toBeUndefined();
    const key = (await gh.hub.hub.store.listApiKeys(gh.alice.userId)).find((k) => k.id === gh.alice.keyId);
    expect(key?.lastClient).toBe(expectedClient);
  });

  it('is recorded by name on the SDK\'s own path too (a progress token keeps the call off the direct path)', async () => {
    await client.callTool({ name: 'github__get_me', arguments: {} }, { onprogress: () => {} });
    expect(await newestCall()).toMatchObject({ tool: 'get_me', outcome: 'ok', client: expectedClient });
  });

  it('records the text of an error result exactly as the model saw it', async () => {
    const result = await client.callTool({ name: 'linear__list_issues', arguments: {} });
    expect(result.isError).toBe(true);
    const call = await newestCall();
    expect(call).toMatchObject({ integration: 'linear', outcome: 'not_enabled', client: expectedClient });
    expect(call.error).toBe(textOf(result));
    expect(call.error).toMatch(/not enabled/i);
  });

  it('records the message of a JSON-RPC error (an unknown tool)', async () => {
    const error = await client.callTool({ name: 'github__no_such_tool', arguments: {} }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const call = await newestCall();
    expect(call).toMatchObject({ outcome: 'unknown_tool', client: expectedClient });
    expect((error as Error).message).toContain(call.error!);
  });
});

describe('arguments and the live tail', () => {
  it('stores no arguments by default, and redacted ones once the user turns it on; the tail sees each call', async () => {
    const client = await connect('modern', 'tail-client', 'node');
    const tailed: UsageEvent[] = [];
    const unwatch = gh.hub.hub.store.watchCalls(gh.alice.userId, (call) => tailed.push(call));
    try {
      await client.callTool({ name: 'github__get_me', arguments: {} });
      expect((await newestCall()).arguments).toBeUndefined();
      await gh.hub.hub.store.setCallLogSettings({ userId: gh.alice.userId, storeArguments: true, argumentRetentionDays: 7 });
      // The principal is re-read after the change (within a second): poll until a call carries arguments.
      const deadline = Date.now() + 3_000;
      let call: UsageEvent;
      do {
        await client.callTool({ name: 'github__get_issue', arguments: { owner: 'alice', repo: 'hub', issue_number: 1, access_token: 'ghp_leaked' } });
        call = await newestCall();
      } while (call.arguments === undefined && Date.now() < deadline);
      expect(JSON.parse(call.arguments!)).toEqual({ owner: 'alice', repo: 'hub', issue_number: 1, access_token: '[redacted]' });
      expect(call.arguments).not.toContain('ghp_leaked');
      expect(tailed.map((c) => c.id)).toContain(call.id);
      expect(tailed.every((c) => c.userId === gh.alice.userId && c.client === 'tail-client/3.1.4')).toBe(true);
    } finally {
      unwatch();
      await gh.hub.hub.store.setCallLogSettings({ userId: gh.alice.userId, storeArguments: false, argumentRetentionDays: 7 });
      await client.close();
    }
  });
});
