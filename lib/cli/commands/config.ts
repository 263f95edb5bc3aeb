/**
 * `mcphub config <client>`: prints the entry a person pastes into Claude
 * Desktop, Cursor or VS Code to reach this hub, with the key they give. It
 * opens no store: the only thing it reads is where the hub listens.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  AI_CLIENTS,
  BRIDGE_BIN,
  BRIDGE_PACKAGE,
  CURSOR_KEY_ENV,
  MCPB_PATH,
  cursorInstallLink,
  httpEndpoint,
  httpSnippet,
  hubBridge,
  isAiClient,
  localHubUrl,
  sendsKeyInTheClear,
  stdioSnippet,
  vscodeInstallLink,
  type AiClient,
  type BridgeSource,
  type HubConnection,
  type StdioOptions,
} from '../../clients/snippets.ts';
import { API_KEY_PREFIX, isApiKeyShaped } from '../../crypto/api-keys.ts';
import { resolveListenAddress } from '../../server/config.ts';
import { CommandError, UsageError, parseFlags } from '../args.ts';
import type { PrintContext } from '../context.ts';
import { createHints } from '../../server/hints.ts';

export const configUsage = `Usage:
  mcphub config claude|cursor|vscode --key K [--url U] [--package P] [--windows] [--json]   the entry to paste into that AI client`;

/** The config command opens no data dir, so its hints name the plain command. */
const hints = createHints({ cli: 'npx mcphub', remote: false });
const CREATE_KEY = hints.createKey('you@example.com', 'laptop');
/** An npm package name with an optional version or tag; never starts with "-", so it cannot pass as an npx flag. */
const PACKAGE_SPEC = /^(?:@[a-z0-9~][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*(?:@[^\s@]\S*)?$/i;

export async function config(argv: string[], ctx: PrintContext): Promise<void> {
  const { values, positionals } = parseFlags(argv, { key: { type: 'string' }, url: { type: 'string' }, package: { type: 'string' }, windows: { type: 'boolean' }, json: { type: 'boolean' } }, 1);
  const client = parseClient(positionals[0]);
  const key = parseKey(values.key);
  const url = values.url === undefined ? defaultUrl(ctx) : parseHubUrl(values.url);
  const options: StdioOptions = { key, url: url.href, bridge: parseBridgeSource(values.package, url), windows: values.windows ?? process.platform === 'win32' };
  const clearWarning = sendsKeyInTheClear(url) ? `Warning: ${url.origin} is plain HTTP to another machine, so the key crosses the network unencrypted. Put the hub behind https:// for remote use.` : null;
  if (values.json) {
    ctx.io.out(JSON.stringify(stdioSnippet(client, options), null, 2));
    if (clearWarning) ctx.io.err(clearWarning);
    return;
  }
  ctx.io.out([...guide(client, options), ...(clearWarning ? ['', clearWarning] : [])].join('\n'));
}

function parseClient(name: string | undefined): AiClient {
  if (name === undefined) throw new UsageError(`Missing the AI client: ${AI_CLIENTS.join(', ')}.`);
  if (!isAiClient(name)) throw new UsageError(`Unknown AI client "${name}". Choose one of: ${AI_CLIENTS.join(', ')}.`);
  return name;
}

/** Never echoes the value: it may be a real key with a typo. */
function parseKey(raw: string | undefined): string {
  const key = raw?.trim();
  if (!key) throw new UsageError(`Missing --key (an MCP Hub API key). ${CREATE_KEY}`);
  if (!isApiKeyShaped(key)) {
    const why = key.startsWith(API_KEY_PREFIX) ? 'it looks cut short or has extra characters; copy it again' : `hub keys start with ${API_KEY_PREFIX}`;
    throw new UsageError(`--key is not an MCP Hub API key (${why}). ${CREATE_KEY}`);
  }
  return key;
}

/** Accepts the endpoint or the hub's bare origin, which gets `/mcp` appended (the bridge does the same). */
function parseHubUrl(raw: string): URL {
  const example = 'e.g. http://127.0.0.1:8787/mcp';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL. Give the hub's MCP endpoint, ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must start with http:// or https://, not ${url.protocol}. Give the hub's MCP endpoint, ${example}`);
  if (url.username || url.password) throw new UsageError('--url must not carry a user name or password; the key is how the hub knows you.');
  if (url.pathname === '/') url.pathname = '/mcp';
  return url;
}

/** Where this machine's hub listens (HOST, PORT), as a client on this machine reaches it. */
function defaultUrl(ctx: PrintContext): URL {
  const listen = resolveListenAddress(ctx.env);
  if (listen.port === 0) throw new CommandError('PORT is 0, so the hub picks a free port at start-up and there is no fixed URL to print. Pass --url with the MCP endpoint the hub printed.');
  return new URL(localHubUrl(listen));
}

/**
 * By default the bridge comes from the hub itself (the package is not on npm);
 * a registry name passes through; a tarball or folder path must exist and
 * becomes absolute, since the client starts npx in its own working directory.
 */
function parseBridgeSource(raw: string | undefined, hub: URL): BridgeSource {
  if (raw === undefined) return hubBridge(hub.href);
  const given = raw.trim();
  const isTarball = /\.(tgz|tar\.gz)$/i.test(given) || given.startsWith('file:');
  if (!isTarball && PACKAGE_SPEC.test(given)) return { kind: 'registry', spec: given };
  if (!isTarball && !/[/\\]/.test(given)) {
    throw new UsageError(`--package must be an npm package name such as ${BRIDGE_PACKAGE}@0.1.0, or the path to the bridge's .tgz, not "${given}".`);
  }
  const path = resolve(given.replace(/^file:/, '').replace(/^~(?=[/\\])/, homedir()));
  if (!existsSync(path)) throw new CommandError(`--package ${path} does not exist. Build it first with: npm run pack:client (it writes the .tgz into client/), then give that path.`);
  return { kind: 'tarball', path };
}

/** The text for people: where the entry goes, the entry, what to do next, and the direct HTTP alternative. */
function guide(client: AiClient, options: StdioOptions): string[] {
  const { intro, after } = GUIDES[client];
  const bridge = options.bridge.kind === 'registry' ? options.bridge.spec : options.bridge.kind === 'url' ? `${BRIDGE_BIN}, installed from the hub` : BRIDGE_BIN;
  return [
    ...intro,
    '',
    JSON.stringify(stdioSnippet(client, options), null, 2),
    '',
    ...after,
    ...(options.windows ? ['', windowsNote(client, options.bridge)] : []),
    '',
    ...oneClick(client, options),
    '',
    `Why this form: it runs MCP Hub's bridge (${bridge}) over stdio, so clients that speak the 2025 protocol still get tool-list updates live when integrations are enabled or disabled.`,
    '',
    ...httpAlternative(client, options),
    '',
    `The key is a secret: anyone who has it can use your integrations. Keep this file out of version control. If it leaks: ${hints.revokeKey()}`,
  ];
}

interface Guide {
  app: string;
  intro: string[];
  after: string[];
}

const GUIDES: Record<AiClient, Guide> = {
  claude: {
    app: 'Claude Desktop',
    intro: [
      'Claude Desktop: add this to claude_desktop_config.json (Settings → Developer → Edit Config opens it):',
      '  macOS:    ~/Library/Application Support/Claude/claude_desktop_config.json',
      '  Windows:  %APPDATA%\\Claude\\claude_desktop_config.json',
    ],
    after: [
      'If the file already has an "mcpServers" object, add the "mcphub" entry inside it instead of a second "mcpServers".',
      'Then quit Claude Desktop completely (from the menu bar or tray, not just the window) and start it again.',
    ],
  },
  cursor: {
    app: 'Cursor',
    intro: ["Cursor: add this to .cursor/mcp.json in the project, or to ~/.cursor/mcp.json for all projects:"],
    after: [
      'If the file already has an "mcpServers" object, add the "mcphub" entry inside it instead of a second "mcpServers".',
      "Then check that mcphub is switched on in Cursor's settings, under MCP.",
    ],
  },
  vscode: {
    app: 'VS Code',
    intro: ['VS Code: add this to .vscode/mcp.json in the workspace, or to your user mcp.json (command "MCP: Open User Configuration"):'],
    after: [
      'If the file already has a "servers" object, add the "mcphub" entry inside it instead of a second "servers".',
      'Then start it from the "Start" link above the entry (or "MCP: List Servers"); its tools appear in Chat\'s agent mode.',
    ],
  },
};

/** The install that needs no file editing, for the client that has one; none of them carries the key. */
function oneClick(client: AiClient, options: StdioOptions): string[] {
  switch (client) {
    case 'claude':
      return [`Or install it as a Claude Desktop extension, with no file to edit: download ${new URL(MCPB_PATH, options.url).href}, open it, and paste your key when Claude Desktop asks (it keeps the key in the system keychain).`];
    case 'cursor':
      return [`Or open this link to add it to Cursor; it reads the key from the ${CURSOR_KEY_ENV} environment variable, so set that where Cursor starts:`, `  ${cursorInstallLink(options)}`];
    case 'vscode':
      return ['Or open this link to install it in VS Code; VS Code asks for the key when the server first starts and keeps it in its secret storage:', `  ${vscodeInstallLink(options)}`];
  }
}

function windowsNote(client: AiClient, bridge: BridgeSource): string {
  const tarball = bridge.kind === 'tarball' ? ' Keep "--package=<path>" as one args element even if the path has spaces: inside JSON it needs no extra quotes (backslashes are written doubled).' : '';
  return `Windows: the entry runs npx through "cmd /c" because ${GUIDES[client].app} cannot start npx (npx.cmd) without a shell.${tarball}`;
}

/** Claude Desktop's file has no URL form, so for it the alternative is the bare pair other clients take. */
function httpAlternative(client: AiClient, connection: HubConnection): string[] {
  if (client === 'claude') {
    const { url, headers } = httpEndpoint(connection);
    return ['Direct Streamable HTTP, for clients that take a URL and a header instead of a command:', `  URL:     ${url}`, `  Header:  Authorization: ${headers.Authorization}`];
  }
  return [`Or connect ${GUIDES[client].app} to the hub directly over Streamable HTTP, without the bridge:`, '', JSON.stringify(httpSnippet(client, connection), null, 2)];
}
