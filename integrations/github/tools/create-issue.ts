import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { issueLine, summarizeIssue } from '../format.ts';
import { OwnerSchema, RepoNameSchema } from '../schemas.ts';

export default defineTool({
  name: 'create_issue',
  description: 'Open a new issue in a repository. Labels and assignees must already exist in the repository.',
  input: z.object({
    owner: OwnerSchema,
    repo: RepoNameSchema,
    title: z.string().trim().min(1).max(256).describe('Issue title'),
    body: z.string().max(65_536).optional().describe('Issue body in GitHub Markdown'),
    labels: z.array(z.string().min(1)).max(20).optional().describe('Label names to apply'),
    assignees: z.array(z.string().min(1)).max(10).optional().describe('Logins to assign'),
  }),
  annotations: { title: 'Create issue', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.issues.create({ owner: args.owner, repo: args.repo, title: args.title, body: args.body, labels: args.labels, assignees: args.assignees });
    return { text: `Created ${issueLine(data)}`, structured: summarizeIssue(data) };
  },
});
