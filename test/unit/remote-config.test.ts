/**
 * MCPHUB_REMOTE_ALLOW_PRIVATE (lib/server/config.ts): private targets for
 * remote MCP servers are allowed by default only on the one-machine default
 * (embedded store, loopback, no public URL), refused on anything hosted, and
 * the operator's word wins either way; anything but on/off is refused.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';

const allowPrivate = (source: Record<string, string>) => resolveConfig(readEnv({ MCPHUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'remote-config-')), ...source })).remote.allowPrivate;
const CONVEX = { MCPHUB_STORE: 'convex', MCPHUB_CONVEX_URL: 'https://happy-otter-123.convex.cloud/', MCPHUB_CONVEX_SECRET: 'c'.repeat(40), MCPHUB_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('MCPHUB_REMOTE_ALLOW_PRIVATE', () => {
  it('defaults to allowed for the embedded store on loopback with no public URL', () => {
    expect(allowPrivate({})).toBe(true);
    expect(allowPrivate({ HOST: 'localhost' })).toBe(true);
  });

  it('defaults to refused on a hosted configuration: another bind address, a public URL, or Convex', () => {
    expect(allowPrivate({ HOST: '0.0.0.0' })).toBe(false);
    expect(allowPrivate({ MCPHUB_PUBLIC_URL: 'https://hub.example.com' })).toBe(false);
    expect(allowPrivate(CONVEX)).toBe(false);
  });

  it('follows the operator either way, and refuses other values', () => {
    expect(allowPrivate({ HOST: '0.0.0.0', MCPHUB_REMOTE_ALLOW_PRIVATE: 'on' })).toBe(true);
    expect(allowPrivate({ MCPHUB_REMOTE_ALLOW_PRIVATE: 'off' })).toBe(false);
    expect(() => allowPrivate({ MCPHUB_REMOTE_ALLOW_PRIVATE: 'yes' })).toThrow(/MCPHUB_REMOTE_ALLOW_PRIVATE/);
  });
});
