/**
 * Which data dir `mcphub` uses when MCPHUB_DATA_DIR is not set: the CLI run
 * as a process from subfolders of a scratch project finds the project's data
 * dir, as git finds `.git`, and says so when it has to create one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findDataDir } from '../../lib/server/data-dir.ts';

const MAIN = fileURLToPath(new URL('../../lib/cli/main.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'mcphub-datadir-'));
const uid = process.getuid?.();

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `mcphub <args>` started in `cwd`, the way a person types it there. */
function mcphub(cwd: string, args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('MCPHUB_')));
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folder(...parts: string[]): string {
  const path = join(scratch, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('from a subfolder of the project', () => {
  const project = folder('project');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'mcphub', version: '0.0.0' }));
  const deep = folder('project', 'src', 'deeper');

  it("creates the data dir beside the project's package.json, not in the subfolder, and says which one it made", () => {
    const created = mcphub(deep, ['users', 'create', '--email', 'sub@example.com']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`using a new, empty data dir ${join(project, '.mcphub')}`);
    expect(existsSync(join(project, '.mcphub', 'hub.db'))).toBe(true);
    expect(existsSync(join(deep, '.mcphub'))).toBe(false);
  });

  it('finds that data dir again from another subfolder, silently', () => {
    const listed = mcphub(folder('project', 'src'), ['users', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('sub@example.com');
    expect(listed.stderr).toBe('');
  });

  it('MCPHUB_DATA_DIR still wins', () => {
    const elsewhere = join(scratch, 'elsewhere');
    const listed = mcphub(deep, ['users', 'list'], { MCPHUB_DATA_DIR: elsewhere });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain('sub@example.com');
    expect(listed.stderr).toContain(`using a new, empty data dir ${elsewhere}`);
  });
});

describe('findDataDir', () => {
  it('adopts the nearest existing .mcphub above, even outside an MCP Hub project', () => {
    const plain = folder('plain');
    mkdirSync(join(plain, '.mcphub'));
    expect(findDataDir(folder('plain', 'a', 'b'), uid)).toBe(join(plain, '.mcphub'));
  });

  it("never adopts a .mcphub another user owns (it could hold a key they chose): the folder's own is used instead", () => {
    const cwd = folder('plain', 'c');
    expect(findDataDir(cwd, uid === undefined ? undefined : uid + 1)).toBe(join(cwd, '.mcphub'));
  });

  it('with nothing to find, uses ./.mcphub as before', () => {
    const alone = folder('alone', 'x');
    expect(findDataDir(alone, uid)).toBe(join(alone, '.mcphub'));
  });
});
