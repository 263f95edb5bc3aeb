import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { NotionClient } from '../client.ts';
import { appendInChunks, markdownToBlocks } from '../blocks.ts';
import { notionUrl } from '../markdown.ts';
import { notionId } from '../schemas.ts';

export default defineTool({
  name: 'append_blocks',
  description: 'Add content to the end of a Notion page (or inside a block such as a toggle), written as Markdown-ish text: # headings, paragraphs, - bullets, 1. numbered items, - [ ] to-dos, > quotes, --- dividers and ``` code fences, with **bold**, *italic*, `code` and [links](https://…). Existing content is left as it is.',
  input: z.object({
    page_id: notionId('page or block'),
    content: z.string().trim().min(1).max(200_000).describe('Content to append, as Markdown-ish text'),
  }),
  annotations: { title: 'Append content', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const blocks = markdownToBlocks(args.content);
    const requests = await appendInChunks(client, args.page_id, blocks);
    const types = [...new Set(blocks.map((b) => b.type ?? 'block'))];
    return {
      text: `Appended ${blocks.length} blocks (${types.join(', ')}) to ${args.page_id} — ${notionUrl(args.page_id)}`,
      structured: { id: args.page_id, blocks: blocks.length, types, requests },
    };
  },
});
