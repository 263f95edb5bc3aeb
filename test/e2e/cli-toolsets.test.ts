/**
 * `mcphub toolsets` as a person runs it, on a data dir: create with rules and
 * a mode, list, show (rules and the tools held now), bind a key (and the key
 * list shows it), delete refused while a key is bound, bad input with exit 2
 * and the usage, another user's toolset with exit 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/hub-process.ts';

let dataDir: string;
const cli = (...args: string[]) => runCli(args, { MCPHUB_DATA_DIR: dataDir, HOME: dataDir });
const ADA = 'ada@example.com';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-toolsets-'));
  for (const email of [ADA, 'bob@example.com']) expect((await cli('users', 'create', '--email', email)).code).toBe(0);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('mcphub toolsets', () => {
  it('creates, lists, shows, binds a key, refuses deleting while bound, then deletes', async () => {
    const created = await cli('toolsets', 'create', '--user', ADA, '--name', 'Readers', '--integration', 'slack', '--tool', 'github/get_issue', '--read-only', '--no-destructive', '--mode', 'progressive', '--json');
    expect(created.code, created.stderr).toBe(0);
    const toolset = JSON.parse(created.stdout) as { id: string; rules: unknown[]; mode: string; excludeDestructive: boolean };
    expect(toolset).toMatchObject({ mode: 'progressive', excludeDestructive: true, rules: [{ kind: 'integration', slug: 'slack' }, { kind: 'tool', name: 'github__get_issue' }, { kind: 'read_only' }] });

    const listed = await cli('toolsets', 'list', '--user', ADA);
    expect(listed.stdout).toMatch(new RegExp(`${toolset.id}\\s+Readers\\s+progressive\\s+3\\s+yes\\s+0`));
    const shown = await cli('toolsets', 'show', toolset.id, '--user', ADA);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Rules: integration slack; tool github__get_issue; every read-only tool.');

    const key = JSON.parse((await cli('keys', 'create', '--user', ADA, '--name', 'laptop', '--json')).stdout) as { id: string };
    const bound = await cli('toolsets', 'bind-key', key.id, '--user', ADA, '--toolset', toolset.id, '--mode', 'flat');
    expect(bound.code, bound.stderr).toBe(0);
    expect(bound.stdout).toContain(`now sees toolset ${toolset.id}, flat`);
    expect((await cli('keys', 'list', '--user', ADA)).stdout).toMatch(new RegExp(`${key.id}\\s+laptop\\s+\\S+\\s+${toolset.id}\\s+flat`));

    const refused = await cli('toolsets', 'delete', toolset.id, '--user', ADA);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(key.id);
    expect((await cli('toolsets', 'bind-key', key.id, '--user', ADA, '--toolset', 'none')).code).toBe(0);
    expect((await cli('toolsets', 'delete', toolset.id, '--user', ADA)).code).toBe(0);
    expect(JSON.parse((await cli('toolsets', 'list', '--user', ADA, '--json')).stdout)).toEqual([]);
  });

  it('a key created with --toolset is bound from the start', async () => {
    const toolset = JSON.parse((await cli('toolsets', 'create', '--user', ADA, '--name', 'Linear only', '--integration', 'linear', '--json')).stdout) as { id: string };
    const key = JSON.parse((await cli('keys', 'create', '--user', ADA, '--name', 'bound', '--toolset', toolset.id, '--mode', 'progressive', '--json')).stdout) as { id: string };
    const keys = JSON.parse((await cli('keys', 'list', '--user', ADA, '--json')).stdout) as Array<{ id: string; toolsetId: string | null; mode: string | null }>;
    expect(keys.find((k) => k.id === key.id)).toMatchObject({ toolsetId: toolset.id, mode: 'progressive' });
  });

  it('refuses bad input with exit 2 and names it; another user\'s toolset with exit 1', async () => {
    const unknown = await cli('toolsets', 'create', '--user', ADA, '--name', 'Bad', '--tool', 'github__nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"github__nope"');
    const noRules = await cli('toolsets', 'create', '--user', ADA, '--name', 'Empty');
    expect(noRules.code).toBe(2);
    expect(noRules.stderr).toContain('at least one rule');
    const badMode = await cli('toolsets', 'create', '--user', ADA, '--name', 'Mode', '--read-only', '--mode', 'sideways');
    expect(badMode.code).toBe(2);
    const adas = JSON.parse((await cli('toolsets', 'create', '--user', ADA, '--name', 'Mine', '--read-only', '--json')).stdout) as { id: string };
    const other = await cli('toolsets', 'show', adas.id, '--user', 'bob@example.com');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`No toolset with id ${adas.id}`);
  });
});
