/**
 * The one-click installs (lib/clients/installers.ts), decoded the way each
 * client decodes them: Cursor's base64 config, VS Code's URL-encoded JSON,
 * the .mcpb manifest against @anthropic-ai/mcpb's own schema and variable
 * substitution. None may carry a key.
 */
import { MANIFEST_SCHEMAS, getMcpConfigForManifest } from '@anthropic-ai/mcpb';
import { describe, expect, it } from 'vitest';
import { cursorInstallConfig, cursorInstallLink, hubBridge, mcpbManifest, vscodeInstallLink, type BridgeTarget, type StdioOptions } from '../../lib/clients/snippets.ts';

const HUB = 'https://hub.example.com/mcp';
const TARGET: BridgeTarget = { url: HUB, bridge: hubBridge(HUB), windows: false };
const KEY = `mcp_sk_${'A'.repeat(43)}`;
/** What the API and the CLI hold when they build a link: the options of the entry, key included. The link must leave the key out. */
const WITH_KEY: StdioOptions = { ...TARGET, key: KEY };
const BRIDGE_ARGS = ['-y', '--package=https://hub.example.com/client/mcphub-client-0.1.0.tgz', 'mcphub-client', '--url', HUB];

function decodeCursor(link: string): { name: string | null; config: unknown } {
  const url = new URL(link);
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
  return { name: url.searchParams.get('name'), config: JSON.parse(Buffer.from(url.searchParams.get('config')!, 'base64').toString('utf8')) };
}

function decodeVscode(link: string): unknown {
  expect(link.startsWith('vscode:mcp/install?')).toBe(true);
  // VS Code's handler: JSON.parse(decodeURIComponent(uri.query)).
  return JSON.parse(decodeURIComponent(link.slice('vscode:mcp/install?'.length)));
}

describe('cursorInstallLink', () => {
  it("installs the bridge for this hub with the key from ${env:MCPHUB_API_KEY}, and no key in the link", () => {
    const link = cursorInstallLink(WITH_KEY);
    expect(decodeCursor(link)).toStrictEqual({
      name: 'mcphub',
      config: { command: 'npx', args: BRIDGE_ARGS, env: { MCPHUB_TOKEN: '${env:MCPHUB_API_KEY}' } },
    });
    expect(JSON.stringify(decodeCursor(link))).not.toMatch(/mcp_sk_|--token/);
  });

  it('keeps base64 "+", "/" and "=" intact through URL decoding', () => {
    // A URL whose base64 needs every special character somewhere: the decoded config must still be the generator's.
    for (const url of ['https://a.example/mcp', 'https://hub-with-a-longer-name.example.org:8443/mcp', 'http://127.0.0.1:8787/mcp']) {
      const target: BridgeTarget = { url, bridge: hubBridge(url), windows: true };
      expect(decodeCursor(cursorInstallLink(target)).config).toStrictEqual(cursorInstallConfig(target));
    }
  });

  it('runs npx through cmd on Windows', () => {
    const { config } = decodeCursor(cursorInstallLink({ ...TARGET, windows: true })) as { config: { command: string; args: string[] } };
    expect(config.command).toBe('cmd');
    expect(config.args).toStrictEqual(['/c', 'npx', ...BRIDGE_ARGS]);
  });
});

describe('vscodeInstallLink', () => {
  it('declares a password prompt and passes it as the key, with no key in the link', () => {
    const link = vscodeInstallLink(WITH_KEY);
    expect(decodeVscode(link)).toStrictEqual({
      name: 'mcphub',
      type: 'stdio',
      command: 'npx',
      args: BRIDGE_ARGS,
      env: { MCPHUB_TOKEN: '${input:mcphub-api-key}' },
      inputs: [{ type: 'promptString', id: 'mcphub-api-key', description: expect.stringContaining('API key'), password: true }],
    });
    expect(JSON.stringify(decodeVscode(link))).not.toMatch(/mcp_sk_[A-Za-z0-9]|--token/);
    // Nothing but the JSON after "?": no raw spaces, quotes or braces a link handler could cut at.
    expect(link.slice('vscode:mcp/install?'.length)).toMatch(/^[A-Za-z0-9%._~*'()!-]+$/);
  });
});

describe('mcpbManifest', () => {
  const manifest = mcpbManifest(HUB);

  it("passes @anthropic-ai/mcpb's schema for its manifest_version", () => {
    const result = MANIFEST_SCHEMAS[manifest.manifest_version].safeParse(manifest);
    expect(result.error?.issues ?? []).toStrictEqual([]);
    expect(result.success).toBe(true);
  });

  it('asks for the key as a required sensitive setting, the only place the key comes from', () => {
    expect(manifest.user_config.api_key).toMatchObject({ type: 'string', sensitive: true, required: true });
    expect(JSON.stringify(manifest)).not.toMatch(/mcp_sk_[A-Za-z0-9]|--token/);
  });

  it("runs the bundled bridge against this hub with the setting as MCPHUB_TOKEN, as Claude Desktop resolves it", async () => {
    const resolved = await getMcpConfigForManifest({ manifest, extensionPath: '/ext/mcphub', systemDirs: {}, userConfig: { api_key: KEY }, pathSeparator: '/' });
    expect(resolved).toStrictEqual({ command: 'node', args: ['/ext/mcphub/server/index.cjs', '--url', HUB], env: { MCPHUB_TOKEN: KEY } });
    expect(manifest.server.entry_point).toBe('server/index.cjs');
  });
});
