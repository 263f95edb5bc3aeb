/** The GitHub client factory: Octokit pointed at github.com or a GitHub Enterprise / test base URL. */
import { Octokit } from '@octokit/rest';
import type { ClientOptions } from '../../lib/mcp/define.ts';

export const GITHUB_API_URL = 'https://api.github.com';

export type GitHubClient = Octokit;

export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  return new Octokit({
    auth: token,
    baseUrl: options.baseUrl ?? GITHUB_API_URL,
    userAgent: 'mcphub',
    // Octokit's default logger writes request warnings to the console; the hub logs upstream failures itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: options.fetch, signal: options.signal },
  });
}
