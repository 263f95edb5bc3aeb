import { isFullPage } from '@notionhq/client';
import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { NotionClient } from '../client.ts';
import { pageLine, pageProperties, propertyText, summarizePage } from '../format.ts';
import { notionId } from '../schemas.ts';

export default defineTool({
  name: 'get_page',
  description: 'Get a Notion page\'s title, URL, parent and properties (database columns such as status, dates, people, tags), rendered as plain values. Use read_page for the page\'s content.',
  input: z.object({ page_id: notionId('page') }),
  annotations: { title: 'Get page', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    const page = await client.pages.retrieve({ page_id: args.page_id });
    if (!isFullPage(page)) return { text: `Page ${page.id} exists but the integration cannot read its properties.`, structured: { id: page.id } };
    const properties = pageProperties(page);
    const list = Object.entries(properties).map(([name, value]) => `- ${name}: ${propertyText(value)}`);
    const parent = summarizePage(page).parent;
    return {
      text: `${pageLine(page)}\nParent: ${parent.type}${parent.id ? ` ${parent.id}` : ''}\nProperties:\n${list.join('\n') || '(none)'}`,
      structured: { ...summarizePage(page), properties },
    };
  },
});
