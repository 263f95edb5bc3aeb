/**
 * The real `@mcphub/client`: packed with `npm pack` (which runs its build),
 * installed from the tarball into a scratch prefix, and started through the
 * installed bin on plain Node — the way `npx` runs it for Claude Desktop.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface InstalledClient {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** The installed `mcphub-client` bin (a symlink to a `#!/usr/bin/env node` script). */
  bin: string;
  /** Environment whose PATH finds the real Node first. */
  env: Record<string, string>;
  cleanup(): void;
}

/**
 * Under `bun --bun`, PATH starts with a directory whose `node` is Bun. The
 * client must prove itself on real Node, so drop those entries.
 */
export function nodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('MCPHUB_')));
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !/bun-node-/.test(dir))
    .join(delimiter);
  return { ...env, ...extra };
}

/** `npm pack` of the client into `destination` (its `prepack` builds it); returns the tarball's path. */
export function packClient(destination: string): string {
  execFileSync('npm', ['pack', '-w', '@mcphub/client', '--pack-destination', destination, '--silent'], { cwd: ROOT, env: nodeEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  return join(destination, tarball);
}

/** Installs `tarball` (see `packClient`) into a scratch prefix, as `npm install <tarball>` does for a person. */
export function installPackedClient(tarball: string): InstalledClient {
  const scratch = mkdtempSync(join(tmpdir(), 'mcphub-client-'));
  // The launcher keeps V8's code cache under XDG_CACHE_HOME, and npx installs into npm's cache: keep both out of the real home.
  const env = nodeEnv({ XDG_CACHE_HOME: join(scratch, 'cache'), npm_config_cache: join(scratch, 'npm-cache') });
  const runtime = execFileSync('node', ['-p', 'process.versions.bun ?? "node " + process.version'], { env }).toString().trim();
  if (!runtime.startsWith('node ')) throw new Error(`expected real Node on PATH for the client, found Bun ${runtime}`);
  const prefix = join(scratch, 'install');
  // --offline: the client has no dependencies, so installing it must not need the network.
  execFileSync('npm', ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: scratch, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const bin = join(prefix, 'node_modules/.bin/mcphub-client');
  if (!existsSync(bin)) throw new Error(`installing ${tarball} did not create ${bin}`);
  return { tarball, bin, env, cleanup: () => rmSync(scratch, { recursive: true, force: true }) };
}

export interface Bridge {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  /** `legacy` speaks 2025-11-25 with `initialize`, as Claude Desktop does; `modern` pins 2026-07-28. */
  mode?: 'legacy' | 'modern';
  onToolsChanged?: (toolNames: string[]) => void;
}

/** Spawns the installed client with `args` and connects an SDK client to it over stdio. */
export function startBridge(installed: InstalledClient, args: string[], options: BridgeOptions = {}): Promise<Bridge> {
  return connectOverStdio({ command: installed.bin, args, env: installed.env }, options);
}

/** Starts `command` the way an AI client starts an MCP server entry, and connects an SDK client to it. */
export async function connectOverStdio(entry: { command: string; args: string[]; env: Record<string, string> }, options: BridgeOptions = {}): Promise<Bridge> {
  const transport = new StdioClientTransport({ ...entry, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new Client(
    { name: 'bridge-test', version: '1.0.0' },
    {
      versionNegotiation: { mode: options.mode === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
      ...(options.onToolsChanged ? { listChanged: { tools: { onChanged: (error, tools) => options.onToolsChanged!(error ? [`error: ${error.message}`] : (tools ?? []).map((tool) => tool.name)) } } } : {}),
    },
  );
  // Anything on the bridge's stdout that is not a protocol message surfaces here.
  client.onerror = (error) => (stderr += `\n[test client error] ${error.message}\n`);
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}
