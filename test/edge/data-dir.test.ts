/**
 * The data dir ends up readable by the hub's user only (mode 0700), whether
 * the hub creates it or finds it already there with a looser mode — on the
 * embedded store and on Convex with every secret from the environment, where
 * nothing else would touch the directory itself.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';

const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcphub-datadir-'));
  made.push(dir);
  return dir;
};
const modeOf = (path: string) => statSync(path).mode & 0o777;

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('creates a missing data dir (and its parents) with mode 0700', () => {
  const dataDir = join(scratch(), 'nested', 'data');
  resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir }));
  expect(modeOf(dataDir)).toBe(0o700);
  expect(modeOf(join(dataDir, 'encryption.key'))).toBe(0o600);
});

it('tightens an existing data dir with mode 0755 to 0700', () => {
  const dataDir = scratch();
  chmodSync(dataDir, 0o755);
  resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir }));
  expect(modeOf(dataDir)).toBe(0o700);
});

it('tightens it on Convex too, where the key and secrets come from the environment', () => {
  const dataDir = scratch();
  chmodSync(dataDir, 0o777);
  resolveConfig(
    readEnv({
      MCPHUB_DATA_DIR: dataDir,
      MCPHUB_STORE: 'convex',
      MCPHUB_CONVEX_URL: 'https://happy-otter-123.convex.cloud',
      MCPHUB_CONVEX_SECRET: 'c'.repeat(32),
      MCPHUB_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      MCPHUB_FORWARD_SECRET: 'f'.repeat(32),
    }),
  );
  expect(modeOf(dataDir)).toBe(0o700);
});

it('says which setting to change when the data dir cannot be made', () => {
  const file = join(scratch(), 'a-file');
  writeFileSync(file, 'not a directory');
  expect(() => resolveConfig(readEnv({ MCPHUB_DATA_DIR: join(file, 'data') }))).toThrow(/must make it private.*MCPHUB_DATA_DIR or --data-dir/);
});

it('refuses a shared sticky directory such as /tmp instead of locking it for everyone, naming MCPHUB_DATA_DIR', () => {
  const shared = scratch();
  chmodSync(shared, 0o1777);
  expect(() => resolveConfig(readEnv({ MCPHUB_DATA_DIR: shared }))).toThrow(/shared directory.*MCPHUB_DATA_DIR/);
  expect(statSync(shared).mode & 0o7777).toBe(0o1777);
});
