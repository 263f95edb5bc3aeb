import { isFullPage, type CreatePageParameters } from '@notionhq/client';
import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { ToolError } from '../../../lib/mcp/errors.ts';
import type { NotionClient } from '../client.ts';
import { appendInChunks, markdownToBlocks, MAX_BLOCKS_PER_REQUEST, parseInline } from '../blocks.ts';
import { databaseTarget, resolveDataSourceId, titlePropertyName } from '../databases.ts';
import { pageLine, summarizePage } from '../format.ts';
import { notionId } from '../schemas.ts';

export default defineTool({
  name: 'create_page',
  description: 'Create a Notion page under a parent page, or as a new row in a database. Content is Markdown-ish text: # headings, paragraphs, - bullets, 1. numbered items, - [ ] to-dos, > quotes, --- dividers and ``` code fences, with **bold**, *italic*, `code` and [links](https://…). Database rows can also set properties (Notion property-value JSON; see get_database for names).',
  input: z.object({
    parent_page_id: notionId('parent page').optional().describe('ID or URL of the page to create the new page under; or give database_id / data_source_id'),
    ...databaseTarget,
    title: z.string().trim().min(1).max(2_000).describe('Page title'),
    content: z.string().max(200_000).optional().describe('Page content as Markdown-ish text'),
    properties: z.record(z.string(), z.unknown()).optional().describe('Database rows only: property values in Notion JSON, e.g. {"Status":{"status":{"name":"Doing"}},"Tags":{"multi_select":[{"name":"api"}]}}; the title is set from `title`'),
  }),
  annotations: { title: 'Create page', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const inDatabase = Boolean(args.database_id || args.data_source_id);
    if (inDatabase === Boolean(args.parent_page_id)) throw new ToolError('INVALID_ARGUMENTS', 'Give exactly one parent: parent_page_id, or database_id / data_source_id for a database row.');
    if (args.properties && !inDatabase) throw new ToolError('INVALID_ARGUMENTS', 'properties can only be set on database rows; a page under a page has only a title.');

    let parent: CreatePageParameters['parent'];
    let properties: CreatePageParameters['properties'];
    if (inDatabase) {
      const dataSourceId = await resolveDataSourceId(client, args);
      const titleName = await titlePropertyName(client, dataSourceId);
      parent = { data_source_id: dataSourceId };
      properties = { ...(args.properties as CreatePageParameters['properties']), [titleName]: { title: parseInline(args.title) } };
    } else {
      parent = { page_id: args.parent_page_id! };
      properties = { title: { title: parseInline(args.title) } };
    }
    const blocks = markdownToBlocks(args.content ?? '');
    const page = await client.pages.create({ parent, properties, children: blocks.slice(0, MAX_BLOCKS_PER_REQUEST) });
    // Notion takes at most 100 children with the page; the rest is appended in order.
    await appendInChunks(client, page.id, blocks.slice(MAX_BLOCKS_PER_REQUEST));
    if (!isFullPage(page)) return { text: `Created page ${page.id} with ${blocks.length} blocks.`, structured: { id: page.id, blocks: blocks.length } };
    return { text: `Created ${pageLine(page)} with ${blocks.length} blocks.`, structured: { ...summarizePage(page), blocks: blocks.length } };
  },
});
