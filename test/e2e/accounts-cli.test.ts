/**
 * Accounts at the hub's machine: `npm start` prints the setup link while no
 * admin can sign in (and not after), and `mcphub users link` prints a link to
 * set a password, or the sign-in page for a user who has one — the CLI as a
 * real process on the same data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';
import { createHints } from '../../lib/server/hints.ts';
import { serve } from '../../lib/server/serve.ts';
import { completeSetup } from '../../lib/services/accounts.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { runCli } from '../helpers/hub-process.ts';
import { tokenOf } from '../helpers/account-deps.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-accounts-'));
const env = { MCPHUB_DATA_DIR: dataDir, PORT: '0', MCPHUB_LOG_LEVEL: 'error', MCPHUB_DASHBOARD: 'off' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startBanner(): Promise<{ banner: string; url: string; stop: () => Promise<void> }> {
  const printed: string[] = [];
  const running = await serve(resolveConfig(readEnv(env)), (text) => printed.push(text));
  return { banner: printed.join('\n'), url: running.url, stop: () => running.stop() };
}

const cli = (args: string[]) => runCli(args, { PATH: process.env.PATH ?? '', HOME: dataDir, MCPHUB_DATA_DIR: dataDir, MCPHUB_LOG_LEVEL: 'error' });

describe('accounts at the hub\'s machine', () => {
  it('prints the setup link at start while no admin can sign in; the link creates the admin; the next start prints none', async () => {
    const first = await startBanner();
    let token: string;
    try {
      const line = first.banner.split('\n').find((l) => l.includes('/setup?token='));
      expect(line?.trim()).toMatch(new RegExp(`^${first.url.replace(/[.]/g, '\\.')}/setup\\?token=mcp_ott_[0-9A-Za-z]{43}$`));
      token = tokenOf(line!.trim());
      expect(first.banner).toContain('Create the first account (an admin) in your browser; this link works once, for an hour:');
    } finally {
      await first.stop();
    }
    const store = openEmbeddedStore({ dataDir });
    try {
      const admin = await completeSetup({ store, actor: 'test', hints: createHints({ cli: 'npx mcphub', remote: false }), clerk: false }, token, { email: 'ada@example.com', password: 'correct horse battery' });
      expect(admin.user.role).toBe('admin');
    } finally {
      await store.close();
    }
    const second = await startBanner();
    await second.stop();
    expect(second.banner).not.toContain('/setup?token=');
  });

  it('mcphub users link prints the sign-in page for a user with a password, and a single-use link to set one with --reset or when they have none', async () => {
    const signIn = await cli(['users', 'link', '--email', 'ada@example.com']);
    expect(signIn.code).toBe(0);
    expect(signIn.stdout).toMatch(/^ada@example\.com signs in at http:\/\/127\.0\.0\.1:8787\/sign-in with their password\./);
    const reset = await cli(['users', 'link', '--email', 'ada@example.com', '--reset', '--json']);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ kind: 'reset', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8787\/reset\?token=mcp_ott_[0-9A-Za-z]{43}$/) });
    expect((await cli(['users', 'create', '--email', 'bob@example.com'])).code).toBe(0);
    const none = await cli(['users', 'link', '--email', 'bob@example.com']);
    expect(none.stdout).toMatch(/^Link for bob@example\.com to set a password \(works once, until .+\):\n {2}http:\/\/127\.0\.0\.1:8787\/reset\?token=mcp_ott_/);
    const missing = await cli(['users', 'link', '--email', 'nobody@example.com']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('users create --email nobody@example.com');
  });
});
