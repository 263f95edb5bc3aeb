/**
 * `GET /client/mcphub-client-<version>.tgz`: the hub serves its own bridge
 * package, so the entry `mcphub config` and the dashboard print installs with
 * `npx --package=<this URL>` on a fresh machine (`@mcphub/client` is not on
 * npm). The tarball is `npm pack` of client/, made once per process on first
 * request into the data dir; client/dist is built by the pack's `prepack`
 * only when it is missing, so parallel hubs never rebuild it under each other.
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

export interface BridgeTarballOptions {
  /** Where the packed tarball is kept (the hub's data dir). */
  dataDir: string;
  logger: Logger;
}

export function bridgeTarballRoutes({ dataDir, logger }: BridgeTarballOptions) {
  let packing: Promise<Buffer> | undefined;
  const pack = async (): Promise<Buffer> => {
    const destination = join(dataDir, 'client');
    mkdirSync(destination, { recursive: true });
    const built = existsSync(join(ROOT, 'client/dist/mcphub-client.cjs'));
    const args = ['pack', '-w', '@mcphub/client', '--pack-destination', destination, '--silent', ...(built ? ['--ignore-scripts'] : [])];
    await promisify(execFile)('npm', args, { cwd: ROOT, timeout: PACK_TIMEOUT_MS });
    return readFileSync(join(destination, BRIDGE_TARBALL_PATH.split('/').pop()!));
  };
  return new Elysia().get(BRIDGE_TARBALL_PATH, async () => {
    packing ??= pack().catch((error: unknown) => {
      packing = undefined;
      throw error;
    });
    try {
      const tarball = await packing;
      return new Response(new Uint8Array(tarball), { headers: { 'content-type': 'application/gzip', 'cache-control': 'no-cache' } });
    } catch (error) {
      logger.error('packing the bridge failed', errorFields(error));
      return Response.json({ error: 'bridge_unavailable', message: 'The hub could not pack its bridge (client/); run `npm run pack:client` on the hub machine to see why. Details are in the hub log.' }, { status: 503 });
    }
  });
}
