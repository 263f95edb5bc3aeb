/**
 * Runs once before all test files: packs `@mcphub/client` (its `prepack`
 * builds it) into a scratch dir. Test files install that one tarball, so
 * files running in parallel never rebuild `client/dist` under each other.
 * It also makes sure PostgreSQL is installed (apt-get on a fresh machine),
 * once, before files that start their own server run in parallel, and
 * Chromium for the browser tests likewise (test/helpers/browser.ts), and
 * builds the dashboard when its build is missing or stale: else the first
 * browser test files would each wait for that one build inside their own
 * start-up timeout (on a clean clone on 2 busy cores it took minutes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { dashboardProcessEnv } from '../lib/env.ts';
import { ensureBuilt } from '../lib/server/dashboard/build.ts';
import { packClient } from './helpers/bridge-process.ts';
import { ensureChromium } from './helpers/browser.ts';
import { ensurePostgresInstalled } from './helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the packed `@mcphub/client` tarball. */
    clientTarball: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  ensurePostgresInstalled();
  ensureChromium();
  await ensureBuilt(fileURLToPath(new URL('..', import.meta.url)), { env: dashboardProcessEnv(), onBuildStart: (need) => console.log(`Building the dashboard for the browser tests (${need})…`) });
  const scratch = mkdtempSync(join(tmpdir(), 'mcphub-pack-'));
  project.provide('clientTarball', packClient(scratch));
  return () => rmSync(scratch, { recursive: true, force: true });
}
