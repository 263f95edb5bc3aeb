/**
 * The MCP conformance suite (`@modelcontextprotocol/conformance`) against a
 * server on 127.0.0.1. The suite has no option for a request header, so a
 * hub is tested through `startAuthProxy`, a tiny proxy that adds the key's
 * `Authorization` and forwards everything else as it came (Host and Origin
 * included, so the DNS-rebinding scenario sees the hub's own rules). The
 * suite needs `fs.globSync` (Node 22), so it runs under the Bun running the
 * tests, in its own process with a clean environment.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));

/** One check of a scenario's `checks.json`, as the suite writes it. */
export interface ConformanceCheck {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

export interface ScenarioRun {
  scenario: string;
  exitCode: number | null;
  checks: ConformanceCheck[];
  /** The suite's own report, for a failing test's message. */
  output: string;
}

/**
 * Runs one server scenario against `url` (bounded by the suite's own
 * per-scenario timeout, and killed past twice that); `specVersion` runs it at
 * that protocol revision instead of the suite's default.
 */
export async function runScenario(url: string, scenario: string, timeoutMs = 15_000, options: { specVersion?: string } = {}): Promise<ScenarioRun> {
  const outputDir = mkdtempSync(join(tmpdir(), 'mcphub-conformance-'));
  try {
    const version = options.specVersion ? ['--spec-version', options.specVersion] : [];
    const child = spawn(process.execPath, [CLI, 'server', '--url', url, '--scenario', scenario, ...version, '--timeout', String(timeoutMs), '-o', outputDir], {
      cwd: outputDir,
      env: { PATH: process.env.PATH ?? '', HOME: outputDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs * 2);
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    const runDir = readdirSync(outputDir).find((name) => name.startsWith(`server-${scenario}-`));
    const checks = runDir ? (JSON.parse(readFileSync(join(outputDir, runDir, 'checks.json'), 'utf8')) as ConformanceCheck[]) : [];
    return { scenario, exitCode, checks, output };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

/** The checks that did not pass (failures; warnings and skips are the suite's to report, not to fail on). */
export const failuresOf = (run: ScenarioRun) => run.checks.filter((check) => check.status === 'FAILURE');

export interface AuthProxy {
  url: string;
  close(): Promise<void>;
}

/** A loopback proxy to `target` that adds `Authorization: Bearer <key>` to every request and changes nothing else. */
export function startAuthProxy(target: string, key: string): AuthProxy {
  const upstream = new URL(target);
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    idleTimeout: 30,
    async fetch(request) {
      const url = new URL(request.url);
      url.protocol = upstream.protocol;
      url.host = upstream.host;
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${key}`);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return fetch(url, { method: request.method, headers, body, redirect: 'manual', signal: request.signal });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, close: () => server.stop(true) };
}
