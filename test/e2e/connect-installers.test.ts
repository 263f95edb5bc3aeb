/**
 * The one-click installs work on a machine with nothing but Node: the .mcpb
 * downloaded from a real hub process, unpacked and started the way Claude
 * Desktop does (its manifest resolved by @anthropic-ai/mcpb's own
 * substitution), and the Cursor and VS Code links `mcphub config` prints,
 * decoded and started with the key filled in the way each client fills it
 * (an environment variable, the answer to a password prompt). Each one lists
 * the hub's tools and calls one through the SDK's StdioClientTransport.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MANIFEST_SCHEMAS, getMcpConfigForManifest, type McpbManifestAny } from '@anthropic-ai/mcpb';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOverStdio, nodeEnv, type Bridge } from '../helpers/bridge-process.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { createAccount, startHub, type Account, type HubProcess } from '../helpers/hub-process.ts';

const GITHUB_TOKEN = 'ghp_installersUserToken0000000000000001';

let fake: FakeGitHub;
let hub: HubProcess;
let alice: Account;
let scratch: string;
/** Real Node first on PATH, and npm's and V8's caches in the scratch dir: npx can only have the bridge from the hub. */
let env: Record<string, string>;
const bridges: Bridge[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mcphub-installers-'));
  env = nodeEnv({ npm_config_cache: join(scratch, 'npm-cache'), XDG_CACHE_HOME: join(scratch, 'cache') });
  fake = startFakeGitHub();
  fake.tokens.set(GITHUB_TOKEN, 'alice');
  hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url });
  alice = await createAccount(hub, 'alice@example.com', GITHUB_TOKEN);
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.close().catch(() => {})));
  await hub?.stop();
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Starts a resolved server entry as the AI client would, and proves it relays the hub: the tools are listed and a call reaches GitHub as the key's user. */
async function expectWorking(entry: { command: string; args?: string[]; env?: Record<string, string> }): Promise<void> {
  const bridge = await connectOverStdio({ command: entry.command, args: entry.args ?? [], env: { ...env, ...entry.env } });
  bridges.push(bridge);
  const { tools } = await bridge.client.listTools();
  expect(tools.map((tool) => tool.name)).toContain('github__create_issue');
  const me = await bridge.client.callTool({ name: 'github__get_me', arguments: {} });
  expect(me.isError, bridge.stderr()).toBeFalsy();
  expect(me.structuredContent).toMatchObject({ login: 'alice' });
  expect(bridge.stderr()).not.toContain(alice.key);
}

/** The link line `mcphub config <client>` prints after its intro. */
async function printedLink(client: 'cursor' | 'vscode', prefix: string): Promise<string> {
  const printed = await hub.cli(['config', client, '--key', alice.key, '--url', hub.mcpUrl]);
  expect(printed.code).toBe(0);
  const link = printed.stdout.split('\n').find((line) => line.trim().startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in:\n${printed.stdout}`);
  return link.trim();
}

describe('the Claude Desktop extension (.mcpb)', () => {
  it('downloads from the hub as a zip whose manifest validates, holds no key, and runs the bundled bridge against this hub', { timeout: 180_000 }, async () => {
    const response = await fetch(`${hub.url}/client/mcphub.mcpb`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="mcphub.mcpb"');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files).sort()).toStrictEqual(['manifest.json', 'server/THIRD_PARTY_NOTICES.md', 'server/index.cjs']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as McpbManifestAny;
    expect(MANIFEST_SCHEMAS['0.2'].safeParse(manifest).success).toBe(true);
    expect(Object.values(files).some((bytes) => strFromU8(bytes).includes(alice.key))).toBe(false);

    // Unpacked as Claude Desktop does, into its extensions folder.
    const extensionPath = join(scratch, 'Claude Extensions', 'mcphub');
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(extensionPath, name)), { recursive: true });
      writeFileSync(join(extensionPath, name), bytes);
    }
    const resolved = await getMcpConfigForManifest({ manifest, extensionPath, systemDirs: {}, userConfig: { api_key: alice.key }, pathSeparator: '/' });
    expect(resolved).toMatchObject({ command: 'node', args: [join(extensionPath, 'server/index.cjs'), '--url', hub.mcpUrl] });
    await expectWorking(resolved!);
  });
});

describe('the install links `mcphub config` prints', () => {
  it("Cursor's: the decoded config, with ${env:MCPHUB_API_KEY} resolved from the environment, starts the bridge from the hub", { timeout: 180_000 }, async () => {
    const link = new URL(await printedLink('cursor', 'cursor://'));
    const config = JSON.parse(Buffer.from(link.searchParams.get('config')!, 'base64').toString('utf8')) as { command: string; args: string[]; env: Record<string, string> };
    expect(JSON.stringify(config)).not.toContain(alice.key);
    // Cursor's interpolation: ${env:NAME} is the variable from the environment Cursor runs in.
    const cursorEnv: Record<string, string> = { MCPHUB_API_KEY: alice.key };
    const resolvedEnv = Object.fromEntries(Object.entries(config.env).map(([name, value]) => [name, value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => cursorEnv[variable] ?? '')]));
    await expectWorking({ ...config, env: resolvedEnv });
  });

  it("VS Code's: the decoded server, with ${input:mcphub-api-key} answered at its password prompt, starts the bridge from the hub", { timeout: 180_000 }, async () => {
    const prefix = 'vscode:mcp/install?';
    const { name, inputs, type, ...server } = JSON.parse(decodeURIComponent((await printedLink('vscode', prefix)).slice(prefix.length))) as {
      name: string;
      type: string;
      inputs: Array<{ id: string; password?: boolean }>;
      command: string;
      args: string[];
      env: Record<string, string>;
    };
    expect({ name, type }).toStrictEqual({ name: 'mcphub', type: 'stdio' });
    expect(JSON.stringify(server)).not.toContain(alice.key);
    // VS Code prompts once per declared input (masked when password) and substitutes the answers.
    const answers = Object.fromEntries(inputs.map((input) => [input.id, input.password ? alice.key : '']));
    const resolvedEnv = Object.fromEntries(Object.entries(server.env).map(([key, value]) => [key, value.replace(/\$\{input:([^}]+)\}/g, (_, id: string) => answers[id] ?? '')]));
    expect(resolvedEnv.MCPHUB_TOKEN).toBe(alice.key);
    await expectWorking({ ...server, env: resolvedEnv });
  });
});
