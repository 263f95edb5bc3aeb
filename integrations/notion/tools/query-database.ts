import { isFullPage, type QueryDataSourceParameters } from '@notionhq/client';
import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { truncate } from '../../../lib/mcp/output.ts';
import type { NotionClient } from '../client.ts';
import { databaseTarget, resolveDataSourceId } from '../databases.ts';
import { pageProperties, pageTitle, propertyText, summarizePage } from '../format.ts';
import { cursorNote, pageSize, startCursor } from '../schemas.ts';

const ROW_PREVIEW_CHARS = 1_000;

export default defineTool({
  name: 'query_database',
  description: 'List the rows (pages) of a Notion database, with Notion filter and sort objects passed through as JSON, e.g. filter {"property":"Status","status":{"equals":"Done"}} or {"and":[…]}, sorts [{"property":"Due","direction":"ascending"}]. Use get_database first for the property names and options.',
  input: z.object({
    ...databaseTarget,
    filter: z.record(z.string(), z.unknown()).optional().describe('A Notion filter object (https://developers.notion.com/reference/filter-data-source-entries)'),
    sorts: z.array(z.record(z.string(), z.unknown())).max(10).optional().describe('Notion sort objects: {"property": name, "direction": "ascending"|"descending"} or {"timestamp": "created_time"|"last_edited_time", "direction": …}'),
    page_size: pageSize,
    start_cursor: startCursor,
  }),
  annotations: { title: 'Query database', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const dataSourceId = await resolveDataSourceId(client, args);
    // Filters and sorts are Notion's own JSON, passed through; Notion validates them and says what is wrong.
    const response = await client.dataSources.query({
      data_source_id: dataSourceId,
      filter: args.filter as QueryDataSourceParameters['filter'],
      sorts: args.sorts as QueryDataSourceParameters['sorts'],
      page_size: args.page_size,
      start_cursor: args.start_cursor,
    });
    const rows = response.results.filter(isFullPage).map((page) => ({ ...summarizePage(page), properties: pageProperties(page) }));
    const lines = response.results.filter(isFullPage).map((page, i) => {
      const props = Object.entries(rows[i]!.properties).filter(([, v]) => typeof v !== 'string' || v !== pageTitle(page)).map(([name, value]) => `${name}: ${propertyText(value)}`);
      return truncate(`- ${pageTitle(page)} (id ${page.id}) — ${props.join('; ')}`, ROW_PREVIEW_CHARS, 'get_page shows the whole row');
    });
    const nextCursor = response.has_more ? response.next_cursor : null;
    return {
      text: `${rows.length} rows from data source ${dataSourceId}:\n${lines.join('\n') || '(none match)'}\n${cursorNote(nextCursor)}`,
      structured: { dataSourceId, rows, nextCursor, hasMore: nextCursor !== null },
    };
  },
});
