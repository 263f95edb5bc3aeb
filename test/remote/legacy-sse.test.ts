/** A remote MCP server that speaks only the 2024-11-05 HTTP+SSE transport: found on add (its POST refused with 405), its tools listed and called through the hub. */
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { startLegacySseServer, type LegacySseServer } from '../helpers/legacy-sse-server.ts';
import { addServer, remoteUser } from './helpers.ts';

let hub: InProcessHub | undefined;
let legacy: LegacySseServer | undefined;
afterEach(async () => {
  await hub?.close();
  await legacy?.close();
  hub = legacy = undefined;
});

describe('remote MCP servers: the legacy HTTP+SSE transport', () => {
  it('falls back to HTTP+SSE when the server refuses Streamable HTTP, and forwards calls over it', async () => {
    legacy = await startLegacySseServer();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const added = await addServer(ada, { slug: 'old', url: legacy.url, credentialKind: 'none' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.tools.map((tool: { wireName: string }) => tool.wireName)).toEqual(['old__shout']);
    const client = await hub.connect(ada.key);
    try {
      const result = await client.callTool({ name: 'old__shout', arguments: { text: 'quiet' } });
      expect(result.content).toEqual([{ type: 'text', text: 'QUIET' }]);
    } finally {
      await client.close();
    }
  });
});
