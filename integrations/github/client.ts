/** The GitHub client factory: Octokit pointed at github.com or a GitHub Enterprise / test base URL. */
import { Octokit as OctokitCore } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { legacyRestEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { ClientOptions } from '../../lib/mcp/define.ts';
import { ToolError } from '../../lib/mcp/errors.ts';
import { createReuseCache } from '../../lib/mcp/reuse-cache.ts';
import { inUpstreamCall, scopedFetch } from '../../lib/mcp/upstream-scope.ts';

export const GITHUB_API_URL = 'https://api.github.com';

/**
 * `@octokit/rest` without its request-log plugin, which parses every
 * request's endpoint a second time only to format a log line (the hub's
 * logger for Octokit drops them): ~10% of the hub's CPU per GitHub call.
 */
const Octokit = OctokitCore.plugin(legacyRestEndpointMethods, paginateRest);

export type GitHubClient = InstanceType<typeof Octokit>;

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
const reused = createReuseCache<GitHubClient>({ maxEntries: 1_000, reuseForMs: 5 * 60_000 });

/**
 * Inside a tool call the executor runs, one client per token serves every call
 * and sends each request through that call's fetch and signal (upstream-scope.ts);
 * anywhere else (a test calling the client directly) it is built for the given
 * fetch and signal.
 */
export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  const baseUrl = options.baseUrl ?? GITHUB_API_URL;
  if (!inUpstreamCall()) return buildClient(token, baseUrl, { fetch: options.fetch, signal: options.signal });
  return reused.get(`${baseUrl}\n${token}`, () => buildClient(token, baseUrl, { fetch: scopedFetch }));
}

function buildClient(token: string, baseUrl: string, request: { fetch: typeof fetch; signal?: AbortSignal }): GitHubClient {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'mcphub',
    // Octokit's default logger writes request warnings to the console; the hub logs upstream failures itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Success bodies are read below, not by Octokit's parser.
    request: { ...request, fetch: refusingDotSegments(request.fetch), parseSuccessResponseBody: false },
  });
  octokit.hook.after('request', async (response) => {
    if (response.data instanceof ReadableStream) response.data = await readSuccessBody(response.data, response.headers['content-type']);
  });
  // Octokit wraps whatever fetch throws in a RequestError (status 500); the refusal is the error to show.
  octokit.hook.error('request', (error) => {
    throw error.cause instanceof ToolError ? error.cause : error;
  });
  return octokit;
}

/**
 * A success body as Octokit would give it (JSON parsed, text as text, other
 * types as bytes), but with JSON.parse: Octokit's parser (json-with-bigint,
 * to keep integers past 2^53 exact, which no GitHub field the tools read
 * needs) is 20× slower than JSON.parse here, ~16 µs of hub CPU per call
 * (bench/peer-profile.ts). The capped upstream fetch has already refused a
 * success labelled JSON that is not.
 */
async function readSuccessBody(body: ReadableStream, contentType: string | undefined): Promise<unknown> {
  const response = new Response(body);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === 'application/scim+json') {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (!contentType || type.startsWith('text/') || (/;\s*charset=utf-8/i.test(contentType) && type !== 'application/octet-stream')) return response.text();
  return response.arrayBuffer();
}

/**
 * The tools' schemas refuse such values with a message per field; this is the
 * last line for a tool that forgets. Checked on the URL Octokit is about to
 * send, once: parsing each endpoint again in a `before` hook cost about 5% of
 * the hub's CPU per GitHub call (bench/peer-profile.ts).
 */
function refusingDotSegments(send: typeof fetch): typeof fetch {
  return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (hasDotSegment(url)) {
      return Promise.reject(new ToolError('INVALID_ARGUMENTS', 'Refused before calling GitHub: an owner, repository or path argument is `.` or `..`, which would change the endpoint the request reaches. Give the real name.'));
    }
    return send(input, init);
  }) as typeof fetch;
}
