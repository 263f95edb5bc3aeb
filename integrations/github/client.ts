/** The GitHub client factory: Octokit pointed at github.com or a GitHub Enterprise / test base URL. */
import { Octokit } from '@octokit/rest';
import type { ClientOptions } from '../../lib/mcp/define.ts';
import { ToolError } from '../../lib/mcp/errors.ts';
import { inUpstreamCall, scopedFetch } from '../../lib/mcp/upstream-scope.ts';

export const GITHUB_API_URL = 'https://api.github.com';

export type GitHubClient = Octokit;

/**
 * A `.` or `..` segment in a request path (also as `%2e`, which URL parsers
 * treat the same). Octokit percent-encodes every path parameter, `/` included,
 * but leaves dots alone, and `fetch` then resolves such a segment away:
 * `/repos/octo/..` becomes `/repos/`, another endpoint than the tool meant.
 */
export function hasDotSegment(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/, 1)[0]!;
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/** Reused clients by base URL and token: bounded, and each rebuilt after a while so a token no longer used leaves memory. */
const reused = new Map<string, { client: GitHubClient; builtAt: number }>();
const MAX_REUSED_CLIENTS = 1_000;
const REUSE_FOR_MS = 5 * 60_000;

/**
 * Inside a tool call the executor runs, one client per token serves every call
 * and sends each request through that call's fetch and signal (upstream-scope.ts);
 * anywhere else (a test calling the client directly) it is built for the given
 * fetch and signal.
 */
export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  const baseUrl = options.baseUrl ?? GITHUB_API_URL;
  if (!inUpstreamCall()) return buildClient(token, baseUrl, { fetch: options.fetch, signal: options.signal });
  const key = `${baseUrl}\n${token}`;
  const now = Date.now();
  const hit = reused.get(key);
  reused.delete(key);
  const entry = hit && now - hit.builtAt < REUSE_FOR_MS ? hit : { client: buildClient(token, baseUrl, { fetch: scopedFetch }), builtAt: now };
  // Re-inserted as the newest; the oldest goes first when the map is full.
  reused.set(key, entry);
  if (reused.size > MAX_REUSED_CLIENTS) reused.delete(reused.keys().next().value!);
  return entry.client;
}

function buildClient(token: string, baseUrl: string, request: { fetch: typeof fetch; signal?: AbortSignal }): GitHubClient {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'mcphub',
    // Octokit's default logger writes request warnings to the console; the hub logs upstream failures itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request,
  });
  // The tools' schemas refuse such values with a message per field; this is the last line for a tool that forgets.
  octokit.hook.before('request', (endpoint) => {
    const { url } = octokit.request.endpoint.parse(endpoint);
    if (hasDotSegment(url)) {
      throw new ToolError('INVALID_ARGUMENTS', 'Refused before calling GitHub: an owner, repository or path argument is `.` or `..`, which would change the endpoint the request reaches. Give the real name.');
    }
  });
  return octokit;
}
