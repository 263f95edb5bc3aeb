import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { DEFAULT_MAX_CHARS, truncate } from '../../../lib/mcp/output.ts';
import type { NotionClient } from '../client.ts';
import { readBlocks } from '../markdown.ts';
import { cursorNote, notionId, startCursor } from '../schemas.ts';

export default defineTool({
  name: 'read_page',
  description: 'Read a Notion page\'s content as Markdown: headings, text with formatting and links, lists, to-dos, code, quotes, callouts, tables, and child pages or databases as links. Reads up to page_size top-level blocks (nested content included) per call; says how to continue. Also reads the children of a block by its ID.',
  input: z.object({
    page_id: notionId('page or block'),
    page_size: z.number().int().min(1).max(100).default(100).describe('Top-level blocks per call (1-100, default 100)'),
    start_cursor: startCursor,
  }),
  annotations: { title: 'Read page content', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const content = await readBlocks(client, args.page_id, { startCursor: args.start_cursor, pageSize: args.page_size });
    const markdown = truncate(content.markdown, DEFAULT_MAX_CHARS - 1_000, 'read on with a smaller page_size and start_cursor');
    const notes = [cursorNote(content.nextCursor)];
    if (content.unreadBlockIds.length) notes.push(`${content.unreadBlockIds.length} nested blocks were not loaded; read them with read_page and the block IDs shown.`);
    return {
      text: `${content.blockCount} blocks of ${args.page_id}:\n\n${markdown || '(empty)'}\n\n${notes.join(' ')}`,
      structured: { id: args.page_id, markdown, blockCount: content.blockCount, nextCursor: content.nextCursor, hasMore: content.nextCursor !== null, unreadBlockIds: content.unreadBlockIds },
    };
  },
});
