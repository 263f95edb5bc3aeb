/**
 * The config entries that connect an AI client to the hub. The primary form
 * runs the stdio bridge (`@mcphub/client`, bin `mcphub-client`) with npx;
 * the alternative points a client that takes a URL and a header straight at
 * the hub's Streamable HTTP endpoint. Validated inputs in, plain objects out:
 * no file system, no flags, so the CLI prints them and tests compare them
 * exactly. Each shape is the one the client's own config file documents.
 * The one-click installs built from the same launch (Cursor and VS Code
 * links, the .mcpb manifest) are in installers.ts, re-exported here.
 */

export const AI_CLIENTS = ['claude', 'cursor', 'vscode'] as const;
export type AiClient = (typeof AI_CLIENTS)[number];

export function isAiClient(name: string): name is AiClient {
  return (AI_CLIENTS as readonly string[]).includes(name);
}

/** The bridge as it would be published, its version (client/package.json's), and the bin npx runs when the package comes from a tarball. */
export const BRIDGE_PACKAGE = '@mcphub/client';
export const BRIDGE_VERSION = '0.1.0';
export const BRIDGE_BIN = 'mcphub-client';
/** Where a hub serves the packed bridge (lib/server/bridge): npx installs it from there, since the package is not on npm. */
export const BRIDGE_TARBALL_PATH = `/client/mcphub-client-${BRIDGE_VERSION}.tgz`;
/** The bridge's own default `--url`; an entry repeats `--url` only for a hub elsewhere. */
export const BRIDGE_DEFAULT_URL = 'http://127.0.0.1:8787/mcp';
/** The key under `mcpServers` / `servers`: what the client shows, and what its tools are grouped by. */
export const SERVER_NAME = 'mcphub';

/**
 * Where npx gets the bridge: a registry spec (`@mcphub/client@0.1.0`), a
 * local tarball by absolute path, or a tarball URL — by default the hub's
 * own (`hubBridge`), the one source that exists on a fresh machine.
 */
export type BridgeSource = { kind: 'registry'; spec: string } | { kind: 'tarball'; path: string } | { kind: 'url'; url: string };

/** Where a hub serves the Claude Desktop extension (lib/server/mcpb-bundle.ts): the bridge and a manifest for that hub, no key. */
export const MCPB_PATH = '/client/mcphub.mcpb';

/** The bridge tarball the hub at `mcpUrl` serves itself, on the same origin. */
export function hubBridge(mcpUrl: string): BridgeSource {
  return { kind: 'url', url: new URL(BRIDGE_TARBALL_PATH, mcpUrl).href };
}

export interface HubConnection {
  /** The user's API key. It is in the entry because the user asked for the entry. */
  key: string;
  /** The hub's MCP endpoint, already normalized (ends in the path, usually `/mcp`). */
  url: string;
}

export interface StdioOptions extends HubConnection {
  bridge: BridgeSource;
  /** GUI apps on Windows cannot spawn `npx` (it is `npx.cmd`) without a shell, so the entry runs `cmd /c npx …`. */
  windows: boolean;
}

export interface StdioLaunch {
  command: string;
  args: string[];
}

export interface HttpEndpoint {
  url: string;
  headers: { Authorization: string };
}

export type StdioSnippet = { mcpServers: Record<typeof SERVER_NAME, StdioLaunch> } | { servers: Record<typeof SERVER_NAME, { type: 'stdio' } & StdioLaunch> };
export type HttpSnippet = HttpEndpoint | { mcpServers: Record<typeof SERVER_NAME, HttpEndpoint> } | { servers: Record<typeof SERVER_NAME, { type: 'http' } & HttpEndpoint> };

/** Where the bridge comes from and which hub it reaches, without the key: what an install link may carry. */
export type BridgeTarget = Omit<StdioOptions, 'key'>;

/** The command and args that start the bridge, in the form a client's `command`/`args` fields take. */
export function bridgeLaunch(options: StdioOptions): StdioLaunch {
  return npxLaunch(options, ['--token', options.key]);
}

/** The bridge's launch without `--token`: the bridge then reads the key from `MCPHUB_TOKEN`, which the client fills in (installers.ts). */
export function keylessBridgeLaunch(target: BridgeTarget): StdioLaunch {
  return npxLaunch(target, []);
}

function npxLaunch({ bridge, url, windows }: BridgeTarget, tokenArgs: string[]): StdioLaunch {
  const npxArgs = [
    '-y',
    // npx runs a registry package's only bin by itself; from a tarball it must be told the package and the bin apart.
    ...(bridge.kind === 'registry' ? [bridge.spec] : [`--package=${bridge.kind === 'url' ? bridge.url : bridge.path}`, BRIDGE_BIN]),
    ...tokenArgs,
    ...(url === BRIDGE_DEFAULT_URL ? [] : ['--url', url]),
  ];
  return windows ? { command: 'cmd', args: ['/c', 'npx', ...npxArgs] } : { command: 'npx', args: npxArgs };
}

/** The primary entry: the whole JSON object for the client's config file, running the bridge over stdio. */
export function stdioSnippet(client: AiClient, options: StdioOptions): StdioSnippet {
  const launch = bridgeLaunch(options);
  return client === 'vscode' ? { servers: { [SERVER_NAME]: { type: 'stdio', ...launch } } } : { mcpServers: { [SERVER_NAME]: launch } };
}

/** The URL-and-header pair any Streamable HTTP client needs to reach the hub. */
export function httpEndpoint(connection: HubConnection): HttpEndpoint {
  return { url: connection.url, headers: { Authorization: `Bearer ${connection.key}` } };
}

/**
 * The direct Streamable HTTP entry for the client's config file. Claude
 * Desktop's file has no URL form, so for `claude` this is the bare
 * `httpEndpoint` pair, for other clients that take a URL and a header.
 */
export function httpSnippet(client: AiClient, connection: HubConnection): HttpSnippet {
  const endpoint = httpEndpoint(connection);
  switch (client) {
    case 'claude':
      return endpoint;
    case 'cursor':
      return { mcpServers: { [SERVER_NAME]: endpoint } };
    case 'vscode':
      return { servers: { [SERVER_NAME]: { type: 'http', ...endpoint } } };
  }
}

/**
 * The endpoint a client on this machine uses for a hub listening on
 * `host:port`: a wildcard bind is reached through loopback, and an IPv6
 * address is bracketed.
 */
export function localHubUrl(listen: { host: string; port: number }): string {
  const host = listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host === '::' ? '::1' : listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${listen.port}/mcp`;
}

/** True when the key would cross the network as plain HTTP: an `http:` URL to anything but this machine. */
export function sendsKeyInTheClear(url: URL): boolean {
  const host = url.hostname;
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  return url.protocol === 'http:' && !loopback;
}

/**
 * Claude Code's `claude mcp add` line for the bridge, as argv (the bridge's
 * own flags after `--`, so `claude` does not read them as its own). Claude
 * Code keeps it in its own config; there is no file to paste into.
 */
export function claudeCodeCommand(options: StdioOptions): string[] {
  const launch = bridgeLaunch(options);
  return ['claude', 'mcp', 'add', '--transport', 'stdio', SERVER_NAME, '--', launch.command, ...launch.args];
}

// Install links and the Claude Desktop extension's manifest, from the same launch as the entries above.
export * from './installers.ts';
