/** `npx mcphub` is bin/mcphub.js on plain Node, which starts the CLI on Bun: version and help through it, as a person runs them. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { nodeEnv } from '../helpers/bridge-process.ts';

const BIN = fileURLToPath(new URL('../../bin/mcphub.js', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function mcphub(args: string[]) {
  const result = spawnSync('node', [BIN, ...args], { env: nodeEnv(), encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

it('`mcphub --version` prints the version and `mcphub serve --help` prints usage instead of starting a hub', () => {
  expect(mcphub(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  const help = mcphub(['serve', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('  mcphub serve [--port N]');
  expect(help.stdout).not.toContain('MCP Hub is running');
});
