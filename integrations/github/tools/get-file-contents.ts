import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { DEFAULT_MAX_CHARS, truncate } from '../../../lib/mcp/output.ts';
import type { GitHubClient } from '../client.ts';
import { GitRefSchema, OwnerSchema, RepoNameSchema, RepoPathSchema } from '../schemas.ts';

export default defineTool({
  name: 'get_file_contents',
  description: 'Read a file, or list a directory, in a repository at a branch, tag or commit (default branch when `ref` is omitted). Large files are cut with a note.',
  input: z.object({
    owner: OwnerSchema,
    repo: RepoNameSchema,
    path: RepoPathSchema.default('').describe('Path inside the repository, e.g. "src/index.ts"; empty for the root directory'),
    ref: GitRefSchema.optional().describe('Branch, tag or commit SHA (default: the default branch)'),
  }),
  annotations: { title: 'Get file contents', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { path } = args;
    const { data } = await client.rest.repos.getContent({ owner: args.owner, repo: args.repo, path, ref: args.ref });
    const where = `${args.owner}/${args.repo}/${path}${args.ref ? `@${args.ref}` : ''}`;
    if (Array.isArray(data)) {
      const entries = data.map((e) => ({ name: e.name, path: e.path, type: e.type, size: e.size }));
      return {
        text: `Directory ${where} (${entries.length} entries):\n${entries.map((e) => `${e.type === 'dir' ? 'dir ' : 'file'} ${e.path}${e.type === 'file' ? ` (${e.size} bytes)` : ''}`).join('\n')}`,
        structured: { type: 'dir', entries },
      };
    }
    if (data.type !== 'file' || !('content' in data)) {
      return { text: `${where} is a ${data.type}, not a file or directory.`, structured: { type: data.type } };
    }
    const bytes = Buffer.from(data.content, 'base64');
    if (bytes.includes(0)) {
      return { text: `${where} is a binary file (${data.size} bytes); its contents are not shown.`, structured: { type: 'file', binary: true, size: data.size, sha: data.sha } };
    }
    const content = truncate(bytes.toString('utf8'), DEFAULT_MAX_CHARS - 500, 'fetch a narrower file or search_code for the part you need');
    return { text: `File ${where} (${data.size} bytes):\n\n${content}`, structured: { type: 'file', path: data.path, size: data.size, sha: data.sha, content } };
  },
});
