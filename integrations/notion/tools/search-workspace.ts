import { isFullDataSource, isFullPage } from '@notionhq/client';
import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { NotionClient } from '../client.ts';
import { dataSourceLine, pageLine, summarizeDataSource, summarizePage } from '../format.ts';
import { cursorNote, pageSize, startCursor } from '../schemas.ts';

export default defineTool({
  name: 'search_workspace',
  description: 'Search the pages and databases shared with the Notion integration by title, most relevant first (or most recently edited). Results give IDs for get_page, read_page, get_database and query_database. An empty query lists everything shared.',
  input: z.object({
    query: z.string().max(500).default('').describe('Words in the page or database title; empty for everything'),
    filter: z.enum(['page', 'database']).optional().describe('Only pages, or only databases (data sources); both when omitted'),
    sort: z.enum(['relevance', 'last_edited']).default('relevance').describe('relevance (default) or most recently edited first'),
    page_size: pageSize,
    start_cursor: startCursor,
  }),
  annotations: { title: 'Search workspace', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const response = await client.search({
      query: args.query || undefined,
      // Since API version 2025-09-03 databases are searched as their data sources.
      filter: args.filter ? { property: 'object', value: args.filter === 'database' ? 'data_source' : 'page' } : undefined,
      sort: args.sort === 'last_edited' ? { timestamp: 'last_edited_time', direction: 'descending' } : undefined,
      page_size: args.page_size,
      start_cursor: args.start_cursor,
    });
    const lines: string[] = [];
    const results: Array<ReturnType<typeof summarizePage> | ReturnType<typeof summarizeDataSource>> = [];
    for (const item of response.results) {
      if (item.object === 'page' && isFullPage(item)) {
        lines.push(pageLine(item));
        results.push(summarizePage(item));
      } else if (item.object === 'data_source' && isFullDataSource(item)) {
        lines.push(dataSourceLine(item));
        results.push(summarizeDataSource(item));
      }
    }
    const nextCursor = response.has_more ? response.next_cursor : null;
    const what = args.query ? `matching "${args.query}"` : 'shared with the integration';
    return {
      text: `${results.length} results ${what}:\n${lines.join('\n') || '(none — pages must be shared with the integration to be found)'}\n${cursorNote(nextCursor)}`,
      structured: { results, nextCursor, hasMore: nextCursor !== null },
    };
  },
});
