import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { truncate } from '../../../lib/mcp/output.ts';
import type { GitHubClient } from '../client.ts';
import { OwnerSchema, RepoNameSchema } from '../schemas.ts';
import { pullLine, summarizePull } from '../format.ts';

export default defineTool({
  name: 'get_pull_request',
  description: 'Get one pull request: title, state (open, closed or merged), branches, author, mergeability, size of the change and description.',
  input: z.object({ owner: OwnerSchema, repo: RepoNameSchema, pull_number: z.number().int().positive().describe('Pull request number') }),
  annotations: { title: 'Get pull request', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.pulls.get({ owner: args.owner, repo: args.repo, pull_number: args.pull_number });
    const body = truncate(data.body ?? '', 2_000, 'the description continues on GitHub');
    const structured = {
      ...summarizePull(data),
      mergeable: data.mergeable ?? null,
      commits: data.commits,
      additions: data.additions,
      deletions: data.deletions,
      changedFiles: data.changed_files,
      body,
    };
    const size = `${structured.commits} commits, ${structured.changedFiles} files, +${structured.additions} −${structured.deletions}`;
    return { text: `${pullLine(data)}\n${size}; mergeable: ${structured.mergeable ?? 'unknown'}\n\n${body || '(no description)'}`, structured };
  },
});
