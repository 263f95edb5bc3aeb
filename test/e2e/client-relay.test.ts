/**
 * The bridge relays the whole protocol, not only what today's hub uses:
 * progress, cancellation, log messages, prompts, resources and list_changed
 * for all three lists — checked against a hub-shaped MCP server that offers
 * them, with the real client process installed from its tarball.
 */
import { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installPackedClient, startBridge, type Bridge, type InstalledClient } from '../helpers/bridge-process.ts';
import { startFakeMcpHub, type FakeMcpHub } from '../helpers/fake-mcp-hub.ts';
import { textOf } from '../helpers/hub-process.ts';
import { waitUntil } from '../helpers/wait.ts';

const KEY = 'mcp_sk_' + 'R'.repeat(43);

let installed: InstalledClient;
let upstream: FakeMcpHub;
const bridges: Bridge[] = [];

beforeAll(() => {
  // The global set-up packed the client once (test/global-setup.ts).
  installed = installPackedClient(inject('clientTarball'));
  upstream = startFakeMcpHub(KEY);
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.close().catch(() => {})));
  await upstream?.close();
  installed?.cleanup();
});

async function bridge(mode: 'legacy' | 'modern'): Promise<Bridge> {
  const started = await startBridge(installed, ['--token', KEY, '--url', upstream.url], { mode });
  bridges.push(started);
  return started;
}

describe.each(['legacy', 'modern'] as const)('%s stdio client', (mode) => {
  it('relays progress notifications of a call', async () => {
    const { client } = await bridge(mode);
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool({ name: 'demo__count', arguments: { to: 3 } }, { onprogress: (p) => progress.push(p) });
    expect(textOf(result)).toBe('counted to 3');
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('relays cancellation to the hub', async () => {
    const { client } = await bridge(mode);
    const before = { started: upstream.started.length, cancelled: upstream.cancelled.length };
    const abort = new AbortController();
    const call = client.callTool({ name: 'demo__wait', arguments: {} }, { signal: abort.signal }).catch((e: unknown) => e);
    await waitUntil(() => upstream.started.length > before.started, 5_000, 'the call to reach the upstream');
    abort.abort();
    expect(await call).toBeInstanceOf(Error);
    await waitUntil(() => upstream.cancelled.length > before.cancelled, 5_000, 'the upstream handler to see the cancellation');
  });

  it('relays log messages', async () => {
    const { client } = await bridge(mode);
    const logs: unknown[] = [];
    client.setNotificationHandler('notifications/message', (notification) => void logs.push(notification.params));
    await client.callTool({ name: 'demo__say', arguments: { text: 'hi' } });
    await waitUntil(() => logs.length > 0, 5_000, 'the log message');
    expect(logs[0]).toMatchObject({ level: 'info', logger: 'demo', data: { said: 'hi' } });
  });

  it("honours the AI client's log level", async () => {
    const { client } = await bridge(mode);
    const logs: unknown[] = [];
    client.setNotificationHandler('notifications/message', (notification) => void logs.push(notification.params));
    // 2025 clients set the level once; 2026-07-28 clients send it with each request.
    const perRequest = mode === 'modern' ? { _meta: { [LOG_LEVEL_META_KEY]: 'error' } } : {};
    if (mode === 'legacy') await client.setLoggingLevel('error');
    await client.callTool({ name: 'demo__say', arguments: { text: 'quiet' }, ...perRequest });
    await client.callTool({ name: 'demo__say', arguments: { text: 'loud', level: 'error' }, ...perRequest });
    await waitUntil(() => logs.length > 0, 5_000, 'the error-level log message');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logs).toEqual([{ level: 'error', logger: 'demo', data: { said: 'loud' } }]);
  });

  it('relays prompts and resources', async () => {
    const { client } = await bridge(mode);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
    const prompt = await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Say hello to Ada.' });
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['memo://welcome']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual(['memo://{name}']);
    const read = await client.readResource({ uri: 'memo://welcome' });
    expect(read.contents[0]).toMatchObject({ uri: 'memo://welcome', text: 'contents of memo://welcome' });
  });
});

describe('list_changed for every list', () => {
  it('reaches a Claude-style (legacy) client for tools, prompts and resources', async () => {
    const { client } = await bridge('legacy');
    const seen = new Set<string>();
    for (const method of ['notifications/tools/list_changed', 'notifications/prompts/list_changed', 'notifications/resources/list_changed'] as const) {
      client.setNotificationHandler(method, () => void seen.add(method));
    }
    await client.listTools(); // the bridge is connected and listening once this answers
    await waitUntil(
      () => {
        upstream.announceChanges();
        return seen.size === 3;
      },
      5_000,
      'all three list_changed notifications',
    );
  });
});
