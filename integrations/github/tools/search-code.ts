import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { page, pageNote, perPage } from '../schemas.ts';

export default defineTool({
  name: 'search_code',
  description: 'Search code in GitHub repositories, e.g. "createServer repo:octo/app", "TODO language:go org:acme" or "filename:package.json react". Returns matching files; read one with get_file_contents.',
  input: z.object({ query: z.string().min(1).max(256).describe('GitHub code search query'), per_page: perPage, page }),
  annotations: { title: 'Search code', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.search.code({ q: args.query, per_page: args.per_page, page: args.page });
    const files = data.items.map((item) => ({ repository: item.repository.full_name, path: item.path, url: item.html_url, sha: item.sha }));
    const more = args.page * args.per_page < Math.min(data.total_count, 1000);
    return {
      text: `${data.total_count} files match; page ${args.page}:\n${files.map((f) => `${f.repository}: ${f.path} — ${f.url}`).join('\n') || '(none)'}\n${pageNote(args.page, more)}`,
      structured: { totalCount: data.total_count, files, page: args.page, hasNextPage: more },
    };
  },
});
