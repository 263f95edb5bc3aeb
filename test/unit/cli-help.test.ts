/** `mcphub` help and version: printed without opening a store (or starting a server). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COMMANDS, main } from '../../lib/cli/main.ts';

// A command given a bad flag opens its store before it reads its flags: keep that store out of the project's own data dir.
const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-help-'));
vi.stubEnv('MCPHUB_DATA_DIR', dataDir);
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text), readStdin: async () => '' } };
}

/** Every invocation a usage text documents, as argv without flags: `['keys', 'create']`, `['serve']`… */
function documentedInvocations(): string[][] {
  return Object.entries(COMMANDS).flatMap(([name, { usage }]) => {
    const lines = usage.split('\n').filter((line) => line.startsWith(`  mcphub ${name}`));
    expect(lines, `${name}'s usage documents it`).not.toEqual([]);
    return lines.map((line) => {
      const words = line.trim().split(/\s+/).slice(1);
      const end = words.findIndex((word, i) => i > 0 && !/^[a-z][a-z|]*$/.test(word));
      // `config claude|cursor|vscode` is tried as `config claude`.
      return words.slice(0, end === -1 ? words.length : end).map((word) => word.split('|')[0]!);
    });
  });
}

describe('mcphub --help', () => {
  it('lists every command as one block, the notes of a command left to its own usage', async () => {
    const { out, io: cli } = io();
    expect(await main(['--help'], cli)).toBe(0);
    const help = out.join('\n');
    const lines = help.split('\n');
    const first = lines.findIndex((line) => line.startsWith('  mcphub '));
    const last = lines.findLastIndex((line) => line.startsWith('  mcphub '));
    expect(lines.slice(first, last + 1).every((line) => line.startsWith('  mcphub '))).toBe(true);
    expect(help).toContain('  mcphub usage --user E [--since YYYY-MM-DD] [--json]');
    expect(help).toContain('  mcphub integrations settings <slug>');
    for (const name of Object.keys(COMMANDS)) expect(help, name).toContain(`  mcphub ${name} `);
  });

  it('answers --help and -h on every command and subcommand of the command table, serve included, before starting anything', async () => {
    const invocations = documentedInvocations();
    expect(invocations).toContainEqual(['serve']);
    expect(invocations).toContainEqual(['keys', 'create']);
    expect(invocations).toContainEqual(['integrations', 'settings']);
    for (const argv of invocations) {
      for (const flag of ['--help', '-h']) {
        const { out, err, io: cli } = io();
        const label = [...argv, flag].join(' ');
        // serve would never return if it started: returning 0 is the proof it printed instead.
        expect(await main([...argv, flag], cli), label).toBe(0);
        expect(err, label).toEqual([]);
        expect(out.join('\n'), label).toContain(`  mcphub ${argv.join(' ')}`);
      }
    }
  });

  it('`mcphub help <command>` prints that command’s usage; a bare call prints all of it to stderr with exit 2', async () => {
    const keys = io();
    expect(await main(['help', 'keys'], keys.io)).toBe(0);
    expect(keys.out.join('\n')).toBe(COMMANDS.keys!.usage);
    const bare = io();
    expect(await main([], bare.io)).toBe(2);
    expect(bare.err.join('\n')).toContain('  mcphub serve');
  });
});

describe('mcphub --version', () => {
  it("prints package.json's version, with -v too", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { out, err, io: cli } = io();
      expect(await main([flag], cli), flag).toBe(0);
      expect(out, flag).toEqual([version]);
      expect(err, flag).toEqual([]);
    }
  });
});

describe('unknown flags', () => {
  it('name the flag and print the usage that fixes it, exit 2, on a command and at the top', async () => {
    const sub = io();
    expect(await main(['keys', 'create', '--nmae', 'x'], sub.io)).toBe(2);
    expect(sub.err.join('\n')).toContain("Unknown option '--nmae'");
    expect(sub.err.join('\n')).toContain('  mcphub keys create --user E --name N');
    const top = io();
    expect(await main(['--verbose'], top.io)).toBe(2);
    expect(top.err.join('\n')).toMatch(/^mcphub: Unknown option '--verbose'\.\n\n[^]*  mcphub serve/);
  });
});
