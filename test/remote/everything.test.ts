/**
 * The reference MCP server (server-everything, on 127.0.0.1 in a clean
 * environment) as a remote integration through the in-process hub: its
 * hyphenated tool names mapped and callable, arguments and results passed
 * through, and the call metered under its slug.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverythingServer, type EverythingServer } from '../helpers/everything-server.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { addServer, eventually, remoteUser, type RemoteUser } from './helpers.ts';

let everything: EverythingServer;
let hub: InProcessHub;
let ada: RemoteUser;
let wireOf: Map<string, string>;

beforeAll(async () => {
  everything = await startEverythingServer();
  hub = await startInProcessHub({ logLevel: 'warn' });
  ada = await remoteUser(hub, 'ada@example.com');
  const added = await addServer(ada, { slug: 'everything', url: everything.url, credentialKind: 'none' });
  if (added.status !== 200) throw new Error(JSON.stringify(added.body));
  wireOf = new Map((added.body.tools as Array<{ name: string; wireName: string }>).map((tool) => [tool.name, tool.wireName]));
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await everything?.close();
});

describe('the reference server as a remote integration', () => {
  it('lists its tools with hyphenated names mapped, and calls echo and get-sum through the hub', async () => {
    expect(wireOf.get('echo')).toBe('everything__echo');
    expect(wireOf.get('get-sum')).toMatch(/^everything__get_sum_[0-9a-f]{6}$/);
    const client = await hub.connect(ada.key);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['everything__echo', wireOf.get('get-sum')!]));
      const echoed = await client.callTool({ name: 'everything__echo', arguments: { message: 'through the hub' } });
      expect(JSON.stringify(echoed.content)).toContain('through the hub');
      const sum = await client.callTool({ name: wireOf.get('get-sum')!, arguments: { a: 2, b: 3 } });
      expect(JSON.stringify(sum.content)).toContain('5');
      const invalid = await client.callTool({ name: wireOf.get('get-sum')!, arguments: { a: 'two' } });
      expect(invalid.isError).toBe(true);
    } finally {
      await client.close();
    }
    const usage = await eventually(async () => {
      const events = await hub.hub.store.listUsage({ userId: ada.userId });
      return events.length >= 3 ? events : undefined;
    }, 'three usage events');
    expect(usage.map((e) => [e.integration, e.outcome]).reverse()).toEqual([['everything', 'ok'], ['everything', 'ok'], ['everything', expect.stringMatching(/upstream_error|invalid_arguments/)]]);
  });
});
