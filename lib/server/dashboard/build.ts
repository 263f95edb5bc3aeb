/**
 * Building the dashboard so nobody has to: `npm start` builds it when the
 * build is missing or older than its sources (first start, after a pull or an
 * edit), with a progress line, instead of a `postinstall` script — that would
 * add ~20 s and ~1 GB to every `npm install <something>` and fail installs
 * over a page error, while a stale build would still go unnoticed after a
 * `git pull`. Freshness is a hash of the sources the build reads, kept beside
 * the build; a lock keeps two hubs (or parallel test files) from building
 * the same tree at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What `next build` reads from the project: the pages and their proxy, the API client they bundle (its imports from lib/api are types, erased), and the build's own config and dependencies. */
const BUILD_INPUTS = ['app', 'proxy.ts', 'lib/server/dashboard/paths.ts', 'lib/env.ts', 'lib/api/client.ts', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.next.json', 'package-lock.json'];
const STAMP = join('.next', 'mcphub-build-inputs');
const LOCK = '.next-build.lock';
const LOCK_POLL_MS = 500;
/** Longest a build may take; a clean one takes 12–20 s here. */
export const BUILD_TIMEOUT_MS = 5 * 60_000;
/** The last lines of a failed build's output that go into its error. */
const TAIL_LINES = 30;

export type BuildNeed = 'missing' | 'stale' | null;

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** A hash of every build input's path and content. */
export function sourceFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((input) => filesUnder(root, input))) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Whether the dashboard must be built before it can be served, and why. */
export function buildNeed(root: string): BuildNeed {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) return 'missing';
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceFingerprint(root) ? null : 'stale';
}

/**
 * The `next` CLI's entry point in the project's own node_modules, run with Node. Looked up by path,
 * not resolved: Bun's resolver may find a copy elsewhere (its global cache), which is not this app's.
 */
export function nextBin(root: string): string {
  const bin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!existsSync(bin)) throw new Error('the next package is not installed; run npm install in the project');
  return bin;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock, waiting while a live process holds it; a lock left by a dead one is taken over. */
async function lock(root: string): Promise<() => void> {
  const path = join(root, LOCK);
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(path, 'utf8'));
    if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) rmSync(path, { force: true });
    else if (Date.now() > deadline) throw new Error(`another process (pid ${holder}) has been building the dashboard for over ${BUILD_TIMEOUT_MS / 60_000} minutes; stop it or remove ${path}`);
    else await sleep(LOCK_POLL_MS);
  }
}

/** Runs `next build` (on Node) unless the build is fresh, including after waiting for another process's build. */
export async function ensureBuilt(
  root: string,
  options: { onBuildStart?: (need: Exclude<BuildNeed, null>) => void; env?: Record<string, string | undefined>; signal?: AbortSignal } = {},
): Promise<void> {
  if (buildNeed(root) === null) return;
  const unlock = await lock(root);
  try {
    const need = buildNeed(root);
    if (need === null) return;
    options.onBuildStart?.(need);
    const fingerprint = sourceFingerprint(root);
    await runBuild(root, options.env, options.signal);
    writeFileSync(join(root, STAMP), fingerprint);
  } finally {
    unlock();
  }
}

function runBuild(root: string, env: Record<string, string | undefined> | undefined, signal: AbortSignal | undefined): Promise<void> {
  const bin = nextBin(root);
  return new Promise((resolve, reject) => {
    const child = spawn('node', [bin, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...(env && { env }), ...(signal && { signal }) });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'Node.js (node) is not on PATH; the dashboard is built and served with Node' : error.message));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const tail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      reject(new Error(`next build ${signal ? `was stopped (${signal}, over ${BUILD_TIMEOUT_MS / 60_000} min)` : `exited with ${code}`}:\n${tail}`));
    });
  });
}
