/**
 * Runs once before all test files: packs `@mcphub/client` (its `prepack`
 * builds it) into a scratch dir. Test files install that one tarball, so
 * files running in parallel never rebuild `client/dist` under each other.
 * It also makes sure PostgreSQL is installed (apt-get on a fresh machine),
 * once, before files that start their own server run in parallel, and
 * Chromium for the browser tests likewise (test/helpers/browser.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packClient } from './helpers/bridge-process.ts';
import { ensureChromium } from './helpers/browser.ts';
import { ensurePostgresInstalled } from './helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the packed `@mcphub/client` tarball. */
    clientTarball: string;
  }
}

export default function setup(project: TestProject): () => void {
  ensurePostgresInstalled();
  ensureChromium();
  const scratch = mkdtempSync(join(tmpdir(), 'mcphub-pack-'));
  project.provide('clientTarball', packClient(scratch));
  return () => rmSync(scratch, { recursive: true, force: true });
}
