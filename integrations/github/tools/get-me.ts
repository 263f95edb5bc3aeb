import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';

export default defineTool({
  name: 'get_me',
  description: 'Get the GitHub account the connected token belongs to: login, name, profile URL and public counts. Use it to learn "who am I" before listing the user\'s own repositories or issues.',
  input: z.object({}),
  annotations: { title: 'Get my account', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.users.getAuthenticated();
    const me = { login: data.login, name: data.name ?? null, url: data.html_url, publicRepos: data.public_repos, followers: data.followers, company: data.company ?? null };
    return { text: `Signed in to GitHub as ${me.login}${me.name ? ` (${me.name})` : ''} — ${me.url}, ${me.publicRepos} public repositories.`, structured: me };
  },
});
