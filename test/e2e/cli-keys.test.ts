/** `mcphub keys rotate` as a person runs it: a new key with the old name, the old one revoked, and only for the key's own user. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/hub-process.ts';

let dataDir: string;
const cli = (...args: string[]) => runCli(args, { MCPHUB_DATA_DIR: dataDir, HOME: dataDir });
const keysOf = async (email: string) => JSON.parse((await cli('keys', 'list', '--user', email, '--json')).stdout) as Array<{ id: string; name: string; revokedAt: number | null }>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-keys-'));
  for (const email of ['ada@example.com', 'bob@example.com']) expect((await cli('users', 'create', '--email', email)).code).toBe(0);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('mcphub keys rotate', () => {
  it('prints a new key once, with the same name, and revokes the old one', async () => {
    const old = JSON.parse((await cli('keys', 'create', '--user', 'ada@example.com', '--name', 'laptop', '--json')).stdout) as { id: string; key: string };
    const result = await cli('keys', 'rotate', old.id, '--user', 'ada@example.com', '--json');
    expect(result.code).toBe(0);
    const rotated = JSON.parse(result.stdout) as { id: string; key: string; name: string; revoked: string };
    expect(rotated).toMatchObject({ name: 'laptop', revoked: old.id });
    expect(rotated.key).toMatch(/^mcp_sk_/);
    expect((await keysOf('ada@example.com')).map((k) => [k.id, k.name, k.revokedAt === null])).toEqual([[old.id, 'laptop', false], [rotated.id, 'laptop', true]]);
  });

  it('refuses another user\'s key with exit 1 and changes nothing', async () => {
    const bobs = JSON.parse((await cli('keys', 'create', '--user', 'bob@example.com', '--name', 'desktop', '--json')).stdout) as { id: string };
    const result = await cli('keys', 'rotate', bobs.id, '--user', 'ada@example.com');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No key with id ${bobs.id}.`);
    expect((await keysOf('bob@example.com')).map((k) => k.revokedAt)).toEqual([null]);
  });
});
