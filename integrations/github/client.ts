/** The GitHub client factory: Octokit pointed at github.com or a GitHub Enterprise / test base URL. */
import { Octokit } from '@octokit/rest';
import type { ClientOptions } from '../../lib/mcp/define.ts';
import { ToolError } from '../../lib/mcp/errors.ts';

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

export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  const octokit = new Octokit({
    auth: token,
    baseUrl: options.baseUrl ?? GITHUB_API_URL,
    userAgent: 'mcphub',
    // Octokit's default logger writes request warnings to the console; the hub logs upstream failures itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: options.fetch, signal: options.signal },
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
