#!/usr/bin/env node
/**
 * The `mcphub-client` bin: runs the bridge bundle (`bridge.cjs`) through V8's
 * code cache.
 *
 * Every AI-client start spawns a fresh Node, which spends tens of
 * milliseconds compiling the bundled SDK before it can answer `initialize`.
 * V8 can serialise the compiled code, so the second start onwards skips that
 * work (bench/client-startup.bench.ts measures the gain). Node 22 offers this
 * as `module.enableCompileCache()`; Node 20 does not, so this does the same
 * with `vm.Script` and `cachedData`, which works on every supported Node.
 *
 * The cache lives in the user's own cache directory (mode 0700), keyed by a
 * hash of the bundle, the Node version and the CPU architecture; V8 checks it
 * again on load. Any problem with it (unwritable directory, corrupt or stale
 * file) just means compiling as usual — it can never stop the bridge.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

// Built as CommonJS (scripts/build.ts): Node starts a CommonJS entry faster than an ES module one.
// `require.main` is this file with symlinks (npm's bin links) resolved; the bundler would bake in `__dirname`.
const bundlePath = join(dirname(require.main!.filename), 'bridge.cjs');
const source = readFileSync(bundlePath, 'utf8');
const cachePath = join(cacheRoot(), 'mcphub-client', `${createHash('sha256').update(source).digest('hex').slice(0, 24)}-${process.version}-${process.arch}.v8cache`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cachePath);
} catch {
  // First start with this bundle and Node: compile, then save.
}

// The CommonJS wrapper Node itself puts around a module.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });
if (cachedData === undefined || script.cachedDataRejected) saveCacheLater(script);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));

/**
 * Saves the cache once the bridge has served its first requests — the code
 * compiled by then is what the next start needs — or at exit if that is sooner.
 */
function saveCacheLater(compiled: Script): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      mkdirSync(dirname(cachePath), { recursive: true, mode: 0o700 });
      const temporary = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(temporary, compiled.createCachedData(), { mode: 0o600 });
      renameSync(temporary, cachePath);
    } catch {
      // A read-only home or a full disk only costs the next start its head start.
    }
  };
  setTimeout(save, 3_000).unref();
  process.once('exit', save);
}

/** Where per-user caches go on each platform. */
function cacheRoot(): string {
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
}
