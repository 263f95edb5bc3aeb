import { isFullDatabase, isFullDataSource } from '@notionhq/client';
import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { ToolError } from '../../../lib/mcp/errors.ts';
import type { NotionClient } from '../client.ts';
import { databaseTarget, describeDataSource, propertyLine } from '../databases.ts';
import { plainText } from '../format.ts';

/** Schemas fetched per call at most; databases with more data sources are rare. */
const MAX_DATA_SOURCES = 5;

export default defineTool({
  name: 'get_database',
  description: 'Get a Notion database\'s schema: its data sources and each one\'s properties (column names and types, with the options of select, multi-select and status columns). Read it before query_database filters or create_page in a database.',
  input: z.object(databaseTarget),
  annotations: { title: 'Get database schema', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<NotionClient>) {
    let database: { id: string; title: string; url: string | null } | null = null;
    let sourceIds: string[];
    if (args.data_source_id) sourceIds = [args.data_source_id];
    else if (args.database_id) {
      const response = await client.databases.retrieve({ database_id: args.database_id });
      if (!isFullDatabase(response)) return { text: `Database ${response.id} exists but the integration cannot read it.`, structured: { id: response.id } };
      database = { id: response.id, title: plainText(response.title) || 'Untitled', url: response.url };
      sourceIds = response.data_sources.map((s) => s.id);
    } else throw new ToolError('INVALID_ARGUMENTS', 'Give database_id (from the database URL) or data_source_id (from search_workspace).');

    const dataSources = [];
    for (const id of sourceIds.slice(0, MAX_DATA_SOURCES)) {
      const source = await client.dataSources.retrieve({ data_source_id: id });
      if (isFullDataSource(source)) dataSources.push(describeDataSource(source));
    }
    const heading = database ? `Database "${database.title}" (id ${database.id}) — ${database.url}` : `Data source ${args.data_source_id}`;
    const sections = dataSources.map((s) => `Data source "${s.title}" (data_source_id ${s.id}), ${s.properties.length} properties:\n${s.properties.map(propertyLine).join('\n')}`);
    const more = sourceIds.length > MAX_DATA_SOURCES ? `\n(${sourceIds.length - MAX_DATA_SOURCES} more data sources not shown: ${sourceIds.slice(MAX_DATA_SOURCES).join(', ')})` : '';
    return { text: `${heading}\n\n${sections.join('\n\n') || '(no readable data sources)'}${more}`, structured: { database, dataSources } };
  },
});
