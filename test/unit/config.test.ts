/** resolveConfig's store settings: what MCPHUB_STORE=convex needs, and refusing a half-configured Convex. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'config-'));
const CONVEX = {
  MCPHUB_STORE: 'convex',
  MCPHUB_CONVEX_URL: 'https://happy-otter-123.convex.cloud/',
  MCPHUB_CONVEX_SECRET: 'c'.repeat(40),
  MCPHUB_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function configError(source: Record<string, string>): string {
  try {
    resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir(), ...source }));
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error('resolveConfig accepted the configuration');
}

describe('store configuration', () => {
  it('is the embedded store by default', () => {
    expect(resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir() })).store).toEqual({ kind: 'embedded' });
  });

  it('is a Convex deployment with a subscription and a spool in the data dir when MCPHUB_STORE=convex', () => {
    const dir = dataDir();
    const config = resolveConfig(readEnv({ ...CONVEX, MCPHUB_DATA_DIR: dir }));
    expect(config.store).toEqual({ kind: 'convex', url: 'https://happy-otter-123.convex.cloud', secret: 'c'.repeat(40), changes: 'subscribe', spoolDir: join(dir, 'usage-spool') });
    expect(resolveConfig(readEnv({ ...CONVEX, MCPHUB_DATA_DIR: dir, MCPHUB_CONVEX_CHANGES: 'poll' })).store).toMatchObject({ changes: 'poll' });
  });

  it('names every missing variable and how to get it', () => {
    const message = configError({ MCPHUB_STORE: 'convex', MCPHUB_FORWARD: 'http' });
    expect(message).toMatch(/MCPHUB_CONVEX_URL: the deployment URL/);
    expect(message).toMatch(/MCPHUB_CONVEX_SECRET: .*npx convex env set/);
    expect(message).toMatch(/MCPHUB_ENCRYPTION_KEY: .*same on every replica/);
    expect(message).toMatch(/MCPHUB_FORWARD_SECRET/);
    expect(configError({ ...CONVEX, MCPHUB_ENCRYPTION_KEY: '' })).not.toMatch(/MCPHUB_CONVEX_URL/);
  });

  it('refuses Convex settings without MCPHUB_STORE=convex rather than silently keeping data locally', () => {
    expect(configError({ MCPHUB_CONVEX_URL: CONVEX.MCPHUB_CONVEX_URL })).toMatch(/MCPHUB_CONVEX_URL is set but MCPHUB_STORE is not "convex"/);
  });

  it('refuses a short secret and an unknown store', () => {
    const short = configError({ ...CONVEX, MCPHUB_CONVEX_SECRET: 'short-secret' });
    expect(short).toMatch(/MCPHUB_CONVEX_SECRET=\(hidden\): must be at least 32 characters/);
    expect(short).not.toContain('short-secret');
    expect(configError({ MCPHUB_STORE: 'postgres' })).toMatch(/MCPHUB_STORE/);
  });
});

describe('OAuth keep-alive configuration', () => {
  it('sweeps hourly by default, every MCPHUB_IDLE_RENEWAL_MINUTES when set, and never at 0', () => {
    const keepAlive = (source: Record<string, string> = {}) => resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir(), ...source })).oauthKeepAliveMs;
    expect(keepAlive()).toBe(3_600_000);
    expect(keepAlive({ MCPHUB_IDLE_RENEWAL_MINUTES: '15' })).toBe(900_000);
    expect(keepAlive({ MCPHUB_IDLE_RENEWAL_MINUTES: '0' })).toBeNull();
    expect(configError({ MCPHUB_IDLE_RENEWAL_MINUTES: '1441' })).toContain('MCPHUB_IDLE_RENEWAL_MINUTES');
    expect(configError({ MCPHUB_IDLE_RENEWAL_MINUTES: 'hourly' })).toContain('MCPHUB_IDLE_RENEWAL_MINUTES');
  });
});
