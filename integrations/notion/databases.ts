/**
 * Databases and their data sources. Since Notion API version 2025-09-03 a
 * database is a container of one or more data sources; the schema and the rows
 * belong to a data source. People know the database (its URL); search returns
 * data sources. Tools accept either and resolve here.
 * https://developers.notion.com/docs/upgrade-guide-2025-09-03
 */
import { isFullDatabase, type DataSourceObjectResponse } from '@notionhq/client';
import { ToolError } from '../../lib/mcp/errors.ts';
import type { NotionClient } from './client.ts';
import { plainText } from './format.ts';
import { notionId } from './schemas.ts';

export const databaseTarget = {
  database_id: notionId('database').optional().describe('Database ID or URL (as in the browser address bar); give this or data_source_id'),
  data_source_id: notionId('data source').optional().describe('Data source ID (as returned by search_workspace or get_database); give this or database_id'),
};

/** The data source a call targets: the given one, or the database's only data source. */
export async function resolveDataSourceId(client: NotionClient, target: { database_id?: string; data_source_id?: string }): Promise<string> {
  if (target.data_source_id) return target.data_source_id;
  if (!target.database_id) throw new ToolError('INVALID_ARGUMENTS', 'Give database_id (from the database URL) or data_source_id (from search_workspace).');
  const database = await client.databases.retrieve({ database_id: target.database_id });
  const sources = isFullDatabase(database) ? database.data_sources : [];
  if (sources.length === 1) return sources[0]!.id;
  if (sources.length === 0) throw new ToolError('UPSTREAM_NOT_FOUND', `Database ${target.database_id} has no data source the integration can read. Share it with the integration, or pass data_source_id.`);
  const list = sources.map((s) => `"${s.name}" (${s.id})`).join(', ');
  throw new ToolError('INVALID_ARGUMENTS', `Database ${target.database_id} has ${sources.length} data sources: ${list}. Call again with data_source_id set to one of them.`);
}

type PropertyConfig = DataSourceObjectResponse['properties'][string];

/** One column of a data source's schema: name, type and the details a filter or a new row needs. */
export function describeProperty(name: string, config: PropertyConfig) {
  const base = { name, type: config.type as string };
  switch (config.type) {
    case 'select':
      return { ...base, options: config.select.options.map((o) => o.name) };
    case 'multi_select':
      return { ...base, options: config.multi_select.options.map((o) => o.name) };
    case 'status':
      return { ...base, options: config.status.options.map((o) => o.name), groups: config.status.groups.map((g) => g.name) };
    case 'number':
      return { ...base, format: config.number.format as string };
    case 'formula':
      return { ...base, expression: config.formula.expression };
    case 'relation':
      return { ...base, relatedDataSourceId: config.relation.data_source_id };
    default:
      return base;
  }
}

export function propertyLine(property: ReturnType<typeof describeProperty>): string {
  const extra = 'options' in property ? `: ${property.options.join(', ') || '(no options)'}` : 'format' in property ? ` (${property.format})` : 'expression' in property ? ` = ${property.expression}` : 'relatedDataSourceId' in property ? ` → data source ${property.relatedDataSourceId}` : '';
  return `- ${property.name} (${property.type})${extra}`;
}

export function describeDataSource(source: DataSourceObjectResponse) {
  return {
    id: source.id,
    title: plainText(source.title) || 'Untitled',
    url: source.url,
    properties: Object.entries(source.properties).map(([name, config]) => describeProperty(name, config)),
  };
}

/** The title property's name in a data source ("Name" by default, but people rename it). */
export async function titlePropertyName(client: NotionClient, dataSourceId: string): Promise<string> {
  const source = await client.dataSources.retrieve({ data_source_id: dataSourceId });
  const title = Object.entries(source.properties).find(([, config]) => config.type === 'title');
  return title?.[0] ?? 'Name';
}
