/**
 * `GET /client/mcphub-client-<version>.tgz`: the hub serves its own bridge
 * package, so the entry `mcphub config` and the dashboard print installs with
 * `npx --package=<this URL>` on a fresh machine (`@mcphub/client` is not on
 * npm). The tarball is `npm pack` of client/, made once per process on first
 * request into the data dir; client/dist is built by the pack's `prepack`
 * only when it is missing, so parallel hubs never rebuild it under each other.
 * The same pack stands behind the Claude Desktop extension (mcpb-bundle.ts),
 * which ships the bundled bridge it leaves in client/dist.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Elysia } from 'elysia';
import { BRIDGE_TARBALL_PATH } from '../clients/snippets.ts';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';

// Not `new URL('../..', import.meta.url)`: Next's bundler takes that form for an asset import and fails the dashboard build (the Vercel routes import this module).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** npm pack with a build behind it takes seconds; a hung npm must not hold a request forever. */
const PACK_TIMEOUT_MS = 120_000;

/**
 * `npm pack` of the bridge, once per process (again after a failure): the
 * tarball's bytes. Once it has resolved, client/dist holds the built bridge
 * the tarball was packed from (`BRIDGE_BUNDLE`), which the .mcpb reuses.
 */
export function createBridgePacker(dataDir: string): () => Promise<Buffer> {
  let packing: Promise<Buffer> | undefined;
  const pack = async (): Promise<Buffer> => {
    const destination = join(dataDir, 'client');
    mkdirSync(destination, { recursive: true });
    const built = existsSync(join(ROOT, 'client/dist/mcphub-client.cjs'));
    const args = ['pack', '-w', '@mcphub/client', '--pack-destination', destination, '--silent', ...(built ? ['--ignore-scripts'] : [])];
    await promisify(execFile)('npm', args, { cwd: ROOT, timeout: PACK_TIMEOUT_MS });
    return readFileSync(join(destination, BRIDGE_TARBALL_PATH.split('/').pop()!));
  };
  return () =>
    (packing ??= pack().catch((error: unknown) => {
      packing = undefined;
      throw error;
    }));
}

/** The bridge with the MCP SDK bundled in, one CommonJS file (client/scripts/build.ts). */
export const BRIDGE_BUNDLE = join(ROOT, 'client/dist/bridge.cjs');

/** The answer when the bridge cannot be packed: the cause goes to the log, the fix to the person. */
export function bridgeUnavailable(logger: Logger, error: unknown): Response {
  logger.error('packing the bridge failed', errorFields(error));
  return Response.json({ error: 'bridge_unavailable', message: 'The hub could not pack its bridge (client/); run `npm run pack:client` on the hub machine to see why. Details are in the hub log.' }, { status: 503 });
}

export interface BridgeTarballOptions {
  /** The pack (`createBridgePacker`), shared with the .mcpb route. */
  pack: () => Promise<Buffer>;
  logger: Logger;
}

export function bridgeTarballRoutes({ pack, logger }: BridgeTarballOptions) {
  return new Elysia().get(BRIDGE_TARBALL_PATH, async () => {
    try {
      return new Response(new Uint8Array(await pack()), { headers: { 'content-type': 'application/gzip', 'cache-control': 'no-cache' } });
    } catch (error) {
      return bridgeUnavailable(logger, error);
    }
  });
}
