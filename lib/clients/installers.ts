/**
 * One-click installs for the AI clients that have them: Cursor's deeplink,
 * VS Code's install URL, and the manifest of the Claude Desktop extension
 * (.mcpb) the hub serves. A link is shared, logged and kept in browser
 * history, so none of them carries the key: each installs the bridge without
 * `--token`, and the client itself fills `MCPHUB_TOKEN` in — Cursor from an
 * environment variable (`${env:…}`), VS Code from a password prompt it keeps
 * in its secret storage (`${input:…}`), Claude Desktop from the extension's
 * `sensitive` setting, kept in the OS keychain. Pure functions, re-exported
 * by snippets.ts (the one generator).
 *
 * Formats: cursor.com/docs/mcp/install-links (name + base64 of the server's
 * mcp.json object; `${env:NAME}` interpolation in `env`); VS Code's
 * `vscode:mcp/install?<JSON>` handler (`{ name, inputs, ...server }`);
 * the MCPB manifest (github.com/anthropics/mcpb, manifest_version 0.2).
 */
import { BRIDGE_VERSION, SERVER_NAME, keylessBridgeLaunch, type BridgeTarget, type StdioLaunch } from './snippets.ts';

/** The variable the bridge reads the key from when no `--token` is given (client/src/options.ts). */
export const BRIDGE_TOKEN_ENV = 'MCPHUB_TOKEN';
/** The environment variable Cursor's install reads the key from; the person sets it where Cursor starts. */
export const CURSOR_KEY_ENV = 'MCPHUB_API_KEY';
/** The id of VS Code's password prompt for the key. */
export const VSCODE_KEY_INPUT = 'mcphub-api-key';
/** Where the extension bundle keeps the bridge (bundled with its dependencies into one CommonJS file). */
export const MCPB_ENTRY_POINT = 'server/index.cjs';
const KEY_DESCRIPTION = 'Your MCP Hub API key (mcp_sk_…), from API keys in the dashboard';

/** The bridge with `MCPHUB_TOKEN` taken from `keyReference`, which the client resolves when it starts the server. */
function keylessEntry(target: BridgeTarget, keyReference: string): StdioLaunch & { env: Record<string, string> } {
  return { ...keylessBridgeLaunch(target), env: { [BRIDGE_TOKEN_ENV]: keyReference } };
}

/** The server object Cursor's link installs into mcp.json: the bridge, its key from `${env:MCPHUB_API_KEY}`. */
export function cursorInstallConfig(target: BridgeTarget): StdioLaunch & { env: Record<string, string> } {
  return keylessEntry(target, `\${env:${CURSOR_KEY_ENV}}`);
}

/** `cursor://anysphere.cursor-deeplink/mcp/install?name=mcphub&config=<base64 JSON>`: asks Cursor to add the server, no key inside. */
export function cursorInstallLink(target: BridgeTarget): string {
  const config = Buffer.from(JSON.stringify(cursorInstallConfig(target))).toString('base64');
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${SERVER_NAME}&config=${encodeURIComponent(config)}`;
}

export interface VscodeInput {
  type: 'promptString';
  id: string;
  description: string;
  password: true;
}

/** What VS Code's install URL carries: the server, its key from `${input:mcphub-api-key}`, and that input as a password prompt. */
export function vscodeInstallConfig(target: BridgeTarget): { name: string; type: 'stdio'; inputs: VscodeInput[] } & StdioLaunch & { env: Record<string, string> } {
  return {
    name: SERVER_NAME,
    type: 'stdio',
    ...keylessEntry(target, `\${input:${VSCODE_KEY_INPUT}}`),
    inputs: [{ type: 'promptString', id: VSCODE_KEY_INPUT, description: KEY_DESCRIPTION, password: true }],
  };
}

/** `vscode:mcp/install?<URL-encoded JSON>`: VS Code shows the server, installs it, and prompts for the key on first start. */
export function vscodeInstallLink(target: BridgeTarget): string {
  return `vscode:mcp/install?${encodeURIComponent(JSON.stringify(vscodeInstallConfig(target)))}`;
}

/** The .mcpb manifest's shape as this hub writes it (validated against @anthropic-ai/mcpb's schema in the tests). */
export interface McpbManifest {
  manifest_version: '0.2';
  name: string;
  display_name: string;
  version: string;
  description: string;
  author: { name: string };
  server: { type: 'node'; entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<'api_key', { type: 'string'; title: string; description: string; sensitive: true; required: true }>;
  compatibility: { platforms: Array<'darwin' | 'win32' | 'linux'>; runtimes: { node: string } };
}

/**
 * The Claude Desktop extension's manifest for the hub at `mcpUrl`: Claude
 * runs the bundled bridge with its own Node (`${__dirname}` is where it
 * unpacked the bundle), the hub's URL baked in, and the key from the
 * `api_key` setting it asks for at install.
 */
export function mcpbManifest(mcpUrl: string): McpbManifest {
  return {
    manifest_version: '0.2',
    name: SERVER_NAME,
    display_name: 'MCP Hub',
    version: BRIDGE_VERSION,
    description: `Every tool you enabled on MCP Hub (${new URL(mcpUrl).host}), through one connection.`,
    author: { name: 'MCP Hub' },
    server: {
      type: 'node',
      entry_point: MCPB_ENTRY_POINT,
      mcp_config: { command: 'node', args: [`\${__dirname}/${MCPB_ENTRY_POINT}`, '--url', mcpUrl], env: { [BRIDGE_TOKEN_ENV]: '${user_config.api_key}' } },
    },
    user_config: { api_key: { type: 'string', title: 'API key', description: KEY_DESCRIPTION, sensitive: true, required: true } },
    compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: '>=20.0.0' } },
  };
}
