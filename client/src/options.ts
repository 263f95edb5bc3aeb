/**
 * Command-line flags and environment of `mcphub-client`. Flags win over the
 * environment. Everything is validated here, before anything touches stdout,
 * so a bad config entry fails with one clear line on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import { CREATE_KEY_COMMAND } from './hints.ts';
import { redact } from './log.ts';

export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787/mcp';
const KEY_PREFIX = 'mcp_sk_';
/** Same shape the hub issues: `mcp_sk_` + 43 base62 characters. */
const KEY_PATTERN = /^mcp_sk_[0-9A-Za-z]{43}$/;
/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the bridge sets itself; letting a flag override them would break the connection or leak the key. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id', 'mcp-method', 'mcp-name', 'host', 'content-length']);

export const HELP = `mcphub-client — connects a stdio MCP client (Claude Desktop, Cursor, VS Code…) to MCP Hub.

Usage:
  mcphub-client --token mcp_sk_… [--url URL] [--header "Name: value"]… [--verbose]
  mcphub-client --help | --version

Options:
  --token KEY        your MCP Hub API key (env MCPHUB_TOKEN)
  --url URL          the hub's MCP endpoint (env MCPHUB_URL; default ${DEFAULT_HUB_URL})
  --header "K: V"    an extra HTTP header for every request to the hub; repeatable
  --verbose          log every request to stderr (the key is never printed)
  --version          print the version
  --help             print this help

Claude Desktop entry:
  { "mcpServers": { "mcphub": { "command": "npx", "args": ["-y", "@mcphub/client", "--token", "mcp_sk_…"] } } }

No key yet? On the hub's machine: ${CREATE_KEY_COMMAND}`;

export interface ClientOptions {
  token: string;
  url: URL;
  headers: Record<string, string>;
  verbose: boolean;
}

export type ParsedCommand = { kind: 'run'; options: ClientOptions } | { kind: 'help' } | { kind: 'version' };

/** A flag or variable the user must fix; the message says how. */
export class OptionsError extends Error {}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        token: { type: 'string' },
        url: { type: 'string' },
        header: { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs names the flag or the stray argument, which may be a key pasted without --token: never echo one.
    const problem = redact((error as Error).message.split('. ')[0]!);
    const hint = argv.some((arg) => arg.startsWith(KEY_PREFIX)) ? ' Put the key right after --token.' : '';
    throw new OptionsError(`${problem}.${hint} Run mcphub-client --help for the options.`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  return {
    kind: 'run',
    options: {
      token: parseToken(values.token ?? env.MCPHUB_TOKEN),
      url: parseHubUrl(values.url ?? env.MCPHUB_URL ?? DEFAULT_HUB_URL),
      headers: parseHeaders(values.header ?? []),
      verbose: values.verbose ?? false,
    },
  };
}

function parseToken(raw: string | undefined): string {
  const token = raw?.trim();
  if (!token) {
    throw new OptionsError(`No API key. Pass --token mcp_sk_… (or set MCPHUB_TOKEN). Create a key on the hub with: ${CREATE_KEY_COMMAND}`);
  }
  if (!KEY_PATTERN.test(token)) {
    const hint = token.startsWith(KEY_PREFIX) ? 'it looks cut short or has extra characters — copy it again' : `hub keys start with ${KEY_PREFIX}`;
    throw new OptionsError(`--token is not an MCP Hub API key (${hint}). Create one with: ${CREATE_KEY_COMMAND}`);
  }
  return token;
}

/** Accepts the endpoint (`…/mcp`) or the hub's bare origin, which gets `/mcp` appended. */
export function parseHubUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OptionsError(`--url "${raw}" is not a URL. Use the hub's MCP endpoint, e.g. ${DEFAULT_HUB_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OptionsError(`--url must start with http:// or https:// (got ${url.protocol}). Use the hub's MCP endpoint, e.g. ${DEFAULT_HUB_URL}`);
  }
  if (url.username || url.password) {
    throw new OptionsError('--url must not carry a user name or password; the API key (--token) is how the hub knows you.');
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/mcp';
  return url;
}

function parseHeaders(entries: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon).trim() : '';
    if (!name || !HEADER_NAME.test(name)) {
      throw new OptionsError(`--header "${name || entry.slice(0, 40)}" is not "Name: value". Example: --header "X-Team: infra"`);
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new OptionsError(`--header ${name} is set by mcphub-client itself${name.toLowerCase() === 'authorization' ? '; pass the key with --token instead' : ''}.`);
    }
    headers[name] = entry.slice(colon + 1).trim();
  }
  return headers;
}

/** This machine: `localhost` (and `*.localhost`), 127.0.0.0/8, or `[::1]` — the same test `mcphub config` uses. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** Whether the hub URL keeps the key on this machine or under TLS. */
export function isKeySafeOnTheWire(url: URL): boolean {
  return url.protocol === 'https:' || isLoopback(url);
}
