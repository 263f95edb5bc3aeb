#!/usr/bin/env node
// Launches the hub's CLI on Bun, which `npm install` brings as the `bun` package,
// so `npx mcphub …` works on a machine that only has Node.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bun = join(dirname(require.resolve('bun/package.json')), 'bin', 'bun.exe');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'lib', 'cli', 'main.ts');
// What Bun must start with (its fetch pool size, read only at start), as KEY=VALUE lines.
// Passed in the environment rather than as --env-file, which would stop Bun loading the
// person's own .env files; a variable already set wins, as it does with --env-file.
const runtimeEnv = Object.fromEntries(
  readFileSync(join(root, 'lib', 'server', 'runtime.env'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('=') && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const child = spawn(bun, [main, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...runtimeEnv, ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`mcphub: could not start Bun (${error.message}). Run npm install in the project first.\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
