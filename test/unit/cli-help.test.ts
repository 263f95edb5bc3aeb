/** `mcphub` help texts: printed without opening a store. */
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text), readStdin: async () => '' } };
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
  });

  it('answers --help on every command, serve included, before starting anything', async () => {
    for (const command of ['serve', 'users', 'keys', 'config', 'integrations', 'usage']) {
      const { out, err, io: cli } = io();
      expect(await main([command, '--help'], cli), command).toBe(0);
      expect(err, command).toEqual([]);
      expect(out.join('\n'), command).toContain(`  mcphub ${command}`);
    }
  });
});
