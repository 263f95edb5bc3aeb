/**
 * `GET /client/mcphub.mcpb`: the Claude Desktop extension for this hub. A
 * person downloads it, opens it, and Claude Desktop asks for their API key
 * (a `sensitive` setting it keeps in the OS keychain) — no JSON to edit, no
 * npx. The zip holds the manifest (lib/clients/installers.ts, the hub's URL
 * as this request reached it) and the bridge already bundled with its
 * dependencies into one file (client/dist/bridge.cjs, from the same pack as
 * the tarball), plus the licences of what that file bundles. It holds no
 * secret, so it is public like the tarball. Zipped with fflate: small, no
 * dependencies, synchronous in Bun and Node.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Elysia } from 'elysia';
import { strToU8, zipSync } from 'fflate';
import { MCPB_ENTRY_POINT, MCPB_PATH, mcpbManifest } from '../clients/snippets.ts';
import type { Logger } from '../log.ts';
import { BRIDGE_BUNDLE, bridgeUnavailable } from './bridge-tarball.ts';

/** One bundle per hub URL a request named; a few cover every real address of a hub, and the bound keeps odd Host headers from growing it. */
const MAX_CACHED_URLS = 8;

export interface McpbBundleOptions {
  /** The bridge's `npm pack` (bridge-tarball.ts); once it resolves, client/dist holds the built bridge. */
  pack: () => Promise<Buffer>;
  logger: Logger;
}

/** The .mcpb's bytes for the hub at `mcpUrl`: manifest.json, the bundled bridge at its entry point, and its third-party notices. */
export function buildMcpb(mcpUrl: string, bridge: Uint8Array, notices: Uint8Array): Uint8Array<ArrayBuffer> {
  const zipped = zipSync({
    'manifest.json': strToU8(JSON.stringify(mcpbManifest(mcpUrl), null, 2)),
    [MCPB_ENTRY_POINT]: bridge,
    [`${dirname(MCPB_ENTRY_POINT)}/THIRD_PARTY_NOTICES.md`]: notices,
  });
  // fflate types its output over any ArrayBufferLike; a Response body wants an ArrayBuffer-backed view.
  return new Uint8Array(zipped);
}

export function mcpbBundleRoutes({ pack, logger }: McpbBundleOptions) {
  const bundles = new Map<string, Uint8Array<ArrayBuffer>>();
  let bridge: { code: Uint8Array; notices: Uint8Array } | undefined;
  return new Elysia().get(MCPB_PATH, async ({ request }) => {
    try {
      await pack();
      bridge ??= { code: readFileSync(BRIDGE_BUNDLE), notices: readFileSync(join(dirname(BRIDGE_BUNDLE), 'THIRD_PARTY_NOTICES.md')) };
    } catch (error) {
      return bridgeUnavailable(logger, error);
    }
    const mcpUrl = new URL('/mcp', request.url).href;
    let bundle = bundles.get(mcpUrl);
    if (!bundle) {
      bundle = buildMcpb(mcpUrl, bridge.code, bridge.notices);
      if (bundles.size >= MAX_CACHED_URLS) bundles.delete(bundles.keys().next().value!);
      bundles.set(mcpUrl, bundle);
    }
    return new Response(bundle, {
      headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="mcphub.mcpb"', 'cache-control': 'no-cache' },
    });
  });
}
