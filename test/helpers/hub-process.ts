/**
 * A real hub: `bun lib/cli/main.ts serve` as a child process on an ephemeral
 * loopback port with its own data dir, plus the CLI run as separate processes
 * against that same data dir — exactly how a person uses it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'lib/cli/main.ts');
/** The Bun that runs the tests also runs the hub. */
const BUN = process.execPath;
/** What `npm start` starts Bun with (its fetch pool size); a variable in `env` still wins. */
const RUNTIME_ENV = `--env-file=${join(ROOT, 'lib/server/runtime.env')}`;

export interface HubProcess {
  url: string;
  mcpUrl: string;
  dataDir: string;
  env: Record<string, string>;
  /** The hub's own process (the Bun runtime), e.g. for reading its CPU time in a benchmark. */
  pid: number;
  stdout: () => string;
  stderr: () => string;
  cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `dataDir` and `port` fixed by the caller make a restart: a new process on the same data and address. */
export async function startHub(env: Record<string, string> = {}, options: { dataDir?: string; port?: number } = {}): Promise<HubProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mcphub-e2e-'));
  // No dashboard (MCPHUB_DASHBOARD: 'on') and no OAuth keep-alive sweep unless a test asks for them: most tests only need the hub, and a Next server per hub would cost each of them.
  const fullEnv = { ...cleanEnv(), MCPHUB_DATA_DIR: dataDir, MCPHUB_LOG_LEVEL: 'debug', MCPHUB_DASHBOARD: 'off', MCPHUB_IDLE_RENEWAL_MINUTES: '0', ...env };
  // HUB_BUN_ARGS passes runtime flags to the hub, e.g. "--cpu-prof-md --cpu-prof-dir=/tmp/prof" when profiling a benchmark.
  const runtimeArgs = (process.env.HUB_BUN_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(BUN, [RUNTIME_ENV, ...runtimeArgs, MAIN, 'serve', '--port', String(options.port ?? 0)], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in 15 s:\n${out}\n${err}`)), 15_000);
    const check = () => {
      const match = /MCP endpoint:\s+(http:\/\/\S+)\/mcp/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`hub exited with ${code} before listening:\n${out}\n${err}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return {
    url,
    mcpUrl: `${url}/mcp`,
    dataDir,
    env: fullEnv,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    cli: (args, stdin) => runCli(args, fullEnv, stdin),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** The environment a hub child gets: the test runner's, minus anything MCPHUB_* it may carry. */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('MCPHUB_')));
}

/** A loopback port nothing listens on right now (for a hub that starts later). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child: ChildProcess = spawn(BUN, [MAIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
    child.stdin!.end(stdin ?? '');
  });
}

export interface Account {
  email: string;
  userId: string;
  key: string;
  keyId: string;
}

/** Creates a user and a key through the CLI, optionally enabling GitHub with a token (given on stdin). */
export async function createAccount(hub: Pick<HubProcess, 'cli'>, email: string, githubToken?: string): Promise<Account> {
  const user = await hub.cli(['users', 'create', '--email', email, '--json']);
  if (user.code !== 0) throw new Error(user.stderr);
  const key = await hub.cli(['keys', 'create', '--user', email, '--name', 'e2e', '--json']);
  if (key.code !== 0) throw new Error(key.stderr);
  if (githubToken) {
    const enabled = await hub.cli(['integrations', 'enable', 'github', '--user', email, '--token-stdin'], githubToken + '\n');
    if (enabled.code !== 0) throw new Error(enabled.stderr);
  }
  const parsedKey = JSON.parse(key.stdout) as { id: string; key: string };
  return { email, userId: (JSON.parse(user.stdout) as { id: string }).id, key: parsedKey.key, keyId: parsedKey.id };
}

export type ProtocolMode = 'legacy' | 'modern';

/** The status of a tools/list on `mcpUrl` with `key`: 200 while the key works, 401 once it is refused. */
export async function mcpStatus(mcpUrl: string, key: string): Promise<number> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * An SDK client over Streamable HTTP: `legacy` speaks 2025-11-25, `modern` pins 2026-07-28.
 * `onToolsChanged` gets the tool count the client re-listed after each `list_changed`.
 */
export async function connectClient(mcpUrl: string, key: string, mode: ProtocolMode = 'modern', options: { onToolsChanged?: (toolCount: number) => void } = {}): Promise<Client> {
  const client = new Client(
    { name: 'e2e', version: '1.0.0' },
    {
      versionNegotiation: { mode: mode === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
      ...(options.onToolsChanged ? { listChanged: { tools: { onChanged: (_error, tools) => options.onToolsChanged!(tools?.length ?? -1) } } } : {}),
    },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return client;
}

export function textOf(result: { content?: unknown }): string {
  return ((result.content as Array<{ type: string; text?: string }>) ?? []).map((c) => c.text ?? '').join('');
}
