/**
 * `/client-config`: the entry a person pastes into their AI client, from the
 * one generator `mcphub config` uses (lib/clients/snippets.ts), pointed at
 * the hub this request reached. The API never has the key (only its hash is
 * stored), and a key must never travel in a URL, so the entry carries
 * `keyPlaceholder` where the key goes; the page puts in the key it was shown
 * once.
 */
import { Elysia, t } from 'elysia';
import { claudeCodeCommand, hubBridge, httpEndpoint, httpSnippet, stdioSnippet, type StdioOptions } from '../clients/snippets.ts';
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
    const options: StdioOptions = { key: KEY_PLACEHOLDER, url, bridge: hubBridge(url), windows: query.windows ?? false };
    const common = { client: query.client, keyPlaceholder: KEY_PLACEHOLDER, url: options.url };
    switch (query.client) {
      case 'http':
        return { ...common, entry: null, command: null, http: { ...httpEndpoint(options) } };
      case 'claude-code':
        return { ...common, entry: null, command: claudeCodeCommand(options), http: { ...httpEndpoint(options) } };
      default:
        return { ...common, entry: { ...stdioSnippet(query.client, options) }, command: null, http: { ...httpSnippet(query.client, options) } };
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
        /** A command line to run instead (Claude Code's `claude mcp add`), as argv. */
        command: t.Union([t.Array(t.String()), t.Null()]),
        /** The direct Streamable HTTP form: URL and header, or the client's JSON for it. */
        http: Json,
      }),
      ...errors,
    },
  });
}
