/**
 * `/client-config`: the entry a person pastes into their AI client, from the
 * one generator `mcphub config` uses (lib/clients/snippets.ts), pointed at
 * the hub this request reached. The API never has the key (only its hash is
 * stored), and a key must never travel in a URL, so the entry carries
 * `keyPlaceholder` where the key goes; the page puts in the key it was shown
 * once. The install links and the .mcpb carry no key at all: the client
 * asks for it or reads it from the environment (lib/clients/installers.ts).
 */
import { Elysia, t } from 'elysia';
import { CURSOR_KEY_ENV, MCPB_PATH, claudeCodeCommand, cursorInstallLink, hubBridge, httpEndpoint, httpSnippet, stdioSnippet, vscodeInstallLink, type BridgeTarget, type StdioOptions } from '../clients/snippets.ts';
import { apiBase } from './base.ts';
import type { ApiDeps } from './deps.ts';
import { errors } from './http.ts';

/** Stands for the key in an entry; shaped like no real key, so it cannot be mistaken for one. */
export const KEY_PLACEHOLDER = 'mcp_sk_PASTE_YOUR_KEY_HERE';

const CLIENTS = ['claude', 'cursor', 'vscode', 'claude-code', 'http'] as const;
const Json = t.Record(t.String(), t.Unknown());

export function clientConfigRoutes(deps: ApiDeps) {
  return new Elysia().use(apiBase(deps)).get('/client-config', ({ query, request }) => {
    const url = new URL('/mcp', request.url).href;
    const target: BridgeTarget = { url, bridge: hubBridge(url), windows: query.windows ?? false };
    const options: StdioOptions = { ...target, key: KEY_PLACEHOLDER };
    const common = { client: query.client, keyPlaceholder: KEY_PLACEHOLDER, url: options.url, endpoint: httpEndpoint(options), bundle: null, installLink: null, keyVariable: null };
    switch (query.client) {
      case 'http':
        return { ...common, entry: null, command: null, http: { ...httpEndpoint(options) } };
      case 'claude-code':
        return { ...common, entry: null, command: claudeCodeCommand(options), http: { ...httpEndpoint(options) } };
      case 'claude':
        return { ...common, bundle: new URL(MCPB_PATH, request.url).href, entry: { ...stdioSnippet('claude', options) }, command: null, http: { ...httpSnippet('claude', options) } };
      case 'cursor':
        return { ...common, installLink: cursorInstallLink(target), keyVariable: CURSOR_KEY_ENV, entry: { ...stdioSnippet('cursor', options) }, command: null, http: { ...httpSnippet('cursor', options) } };
      case 'vscode':
        return { ...common, installLink: vscodeInstallLink(target), entry: { ...stdioSnippet('vscode', options) }, command: null, http: { ...httpSnippet('vscode', options) } };
    }
  }, {
    signedIn: true,
    query: t.Object({
      client: t.UnionEnum(CLIENTS, { description: `one of ${CLIENTS.join(', ')}` }),
      windows: t.Optional(t.Boolean({ description: '"windows", true for an entry that runs npx through cmd /c (Windows)' })),
    }),
    response: {
      200: t.Object({
        client: t.String(),
        keyPlaceholder: t.String(),
        /** The hub's MCP endpoint, as this request reached it. */
        url: t.String(),
        /** The JSON for the client's config file (it runs the bridge), or null for a client without one. */
        entry: t.Union([Json, t.Null()]),
        /** The URL-and-header pair any Streamable HTTP client takes, for every client. */
        endpoint: t.Object({ url: t.String(), headers: t.Object({ Authorization: t.String() }) }),
        /** Claude Desktop: where to download the extension (.mcpb) for this hub; it asks for the key at install. */
        bundle: t.Union([t.String(), t.Null()]),
        /** Cursor and VS Code: the link that installs the bridge in the client, with no key inside. */
        installLink: t.Union([t.String(), t.Null()]),
        /** Cursor: the environment variable its install reads the key from. */
        keyVariable: t.Union([t.String(), t.Null()]),
        /** A command line to run instead (Claude Code's `claude mcp add`), as argv. */
        command: t.Union([t.Array(t.String()), t.Null()]),
        /** The direct Streamable HTTP form: URL and header, or the client's JSON for it. */
        http: Json,
      }),
      ...errors,
    },
  });
}
