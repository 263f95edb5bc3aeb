/**
 * `GET /client/mcphub.mcpb` on its own: the zip's layout, the hub URL taken
 * from the request it answers, and the fix it gives when the bridge cannot be
 * packed. client/dist is there because the global set-up packed the client.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildMcpb, mcpbBundleRoutes } from '../../lib/server/mcpb-bundle.ts';
import { captureLogger } from '../helpers/logs.ts';

const manifestOf = (zip: Uint8Array) => JSON.parse(strFromU8(unzipSync(zip)['manifest.json']!)) as { server: { entry_point: string; mcp_config: { args: string[] } } };

describe('buildMcpb', () => {
  it('zips the manifest for the hub, the bridge at its entry point, and the notices beside it', () => {
    const files = unzipSync(buildMcpb('https://hub.example.com/mcp', new TextEncoder().encode('bridge code'), new TextEncoder().encode('notices')));
    expect(Object.keys(files).sort()).toStrictEqual(['manifest.json', 'server/THIRD_PARTY_NOTICES.md', 'server/index.cjs']);
    expect(strFromU8(files['server/index.cjs']!)).toBe('bridge code');
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { server: { entry_point: string; mcp_config: { args: string[] } } };
    expect(manifest.server.entry_point).toBe('server/index.cjs');
    expect(manifest.server.mcp_config.args).toStrictEqual(['${__dirname}/server/index.cjs', '--url', 'https://hub.example.com/mcp']);
  });
});

describe('mcpbBundleRoutes', () => {
  it('bakes in the hub URL each request reached, as an attachment', async () => {
    const { logger } = captureLogger();
    const app = mcpbBundleRoutes({ pack: async () => Buffer.alloc(0), logger });
    for (const origin of ['http://127.0.0.1:8787', 'https://hub.example.com']) {
      const response = await app.handle(new Request(`${origin}/client/mcphub.mcpb`));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="mcphub.mcpb"');
      expect(manifestOf(new Uint8Array(await response.arrayBuffer())).server.mcp_config.args.slice(1)).toStrictEqual(['--url', `${origin}/mcp`]);
    }
  });

  it('answers 503 with the command that shows why when the bridge cannot be packed, and logs the cause', async () => {
    const { logger, lines } = captureLogger();
    const app = mcpbBundleRoutes({ pack: () => Promise.reject(new Error('npm: command not found')), logger });
    const response = await app.handle(new Request('http://127.0.0.1:8787/client/mcphub.mcpb'));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain('npm run pack:client');
    expect(lines.join('\n')).toContain('npm: command not found');
  });
});
