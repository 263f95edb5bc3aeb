#!/usr/bin/env node
// Launches the hub's CLI on Bun, which `npm install` brings as the `bun` package,
// so `npx mcphub …` works on a machine that only has Node.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bun = join(dirname(require.resolve('bun/package.json')), 'bin', 'bun.exe');
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli', 'main.ts');
const child = spawn(bun, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`mcphub: could not start Bun (${error.message}). Run npm install in the project first.\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
