/**
 * Shapes Notion objects for a model: rich text as Markdown, page properties as
 * plain values, pages and data sources as one-line summaries.
 */
import type { DataSourceObjectResponse, PageObjectResponse, RichTextItemResponse } from '@notionhq/client';

/** Rich text as Markdown: code, bold, italic, strikethrough and links survive; colours and underline do not. */
export function richTextToMarkdown(items: readonly RichTextItemResponse[]): string {
  return items
    .map((item) => {
      let text = item.plain_text;
      if (!text) return '';
      const { bold, italic, strikethrough, code } = item.annotations;
      // Markers must hug the text: "** bold**" is not bold in Markdown, so surrounding spaces move outside.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
      if (!core) return text;
      text = core;
      if (code) text = `\`${text}\``;
      if (bold) text = `**${text}**`;
      if (italic) text = `*${text}*`;
      if (strikethrough) text = `~~${text}~~`;
      if (item.href) text = `[${text}](${item.href})`;
      return `${lead}${text}${trail}`;
    })
    .join('');
}

export function plainText(items: readonly RichTextItemResponse[] | undefined): string {
  return (items ?? []).map((item) => item.plain_text).join('');
}

type PropertyValue = PageObjectResponse['properties'][string];
type Plain = string | number | boolean | null | string[];

function userName(user: { id: string; name?: string | null }): string {
  return user.name ?? user.id;
}

function dateText(date: { start: string; end: string | null } | null): string | null {
  if (!date) return null;
  return date.end ? `${date.start} → ${date.end}` : date.start;
}

function formulaValue(formula: Extract<PropertyValue, { type: 'formula' }>['formula']): Plain {
  switch (formula.type) {
    case 'string':
      return formula.string;
    case 'number':
      return formula.number;
    case 'boolean':
      return formula.boolean;
    case 'date':
      return dateText(formula.date);
  }
  return null;
}

/** A page property as a plain value: text, number, boolean, list of names, or null when empty. */
export function propertyValue(property: PropertyValue): Plain {
  switch (property.type) {
    case 'title':
      return richTextToMarkdown(property.title);
    case 'rich_text':
      return richTextToMarkdown(property.rich_text);
    case 'number':
      return property.number;
    case 'select':
      return property.select?.name ?? null;
    case 'multi_select':
      return property.multi_select.map((o) => o.name);
    case 'status':
      return property.status?.name ?? null;
    case 'date':
      return dateText(property.date);
    case 'checkbox':
      return property.checkbox;
    case 'url':
      return property.url;
    case 'email':
      return property.email;
    case 'phone_number':
      return property.phone_number;
    case 'people':
      return property.people.map((p) => userName(p as { id: string; name?: string | null }));
    case 'relation':
      return property.relation.map((r) => r.id);
    case 'files':
      return property.files.map((f) => f.name);
    case 'formula':
      return formulaValue(property.formula);
    case 'rollup': {
      const rollup = property.rollup;
      if (rollup.type === 'number') return rollup.number;
      if (rollup.type === 'date') return dateText(rollup.date);
      if (rollup.type === 'array') return rollup.array.map((v) => String(propertyValue(v as PropertyValue) ?? '')).filter(Boolean);
      return null;
    }
    case 'created_time':
      return property.created_time;
    case 'last_edited_time':
      return property.last_edited_time;
    case 'created_by':
      return userName(property.created_by as { id: string; name?: string | null });
    case 'last_edited_by':
      return userName(property.last_edited_by as { id: string; name?: string | null });
    case 'unique_id':
      return property.unique_id.number === null ? null : `${property.unique_id.prefix ? `${property.unique_id.prefix}-` : ''}${property.unique_id.number}`;
    case 'verification':
      return property.verification?.state ?? null;
    default:
      return null;
  }
}

export function propertyText(value: Plain): string {
  if (value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}

/** The page's title (from whichever property has type `title`), or "Untitled". */
export function pageTitle(page: PageObjectResponse): string {
  for (const property of Object.values(page.properties)) {
    if (property.type === 'title') return plainText(property.title) || 'Untitled';
  }
  return 'Untitled';
}

export function parentOf(parent: PageObjectResponse['parent'] | DataSourceObjectResponse['parent']): { type: string; id: string | null } {
  switch (parent.type) {
    case 'page_id':
      return { type: 'page', id: parent.page_id };
    case 'database_id':
      return { type: 'database', id: parent.database_id };
    case 'data_source_id':
      return { type: 'data_source', id: parent.data_source_id };
    case 'block_id':
      return { type: 'block', id: parent.block_id };
    default:
      return { type: parent.type, id: null };
  }
}

export function summarizePage(page: PageObjectResponse) {
  return {
    object: 'page' as const,
    id: page.id,
    title: pageTitle(page),
    url: page.url,
    parent: parentOf(page.parent),
    inTrash: page.in_trash,
    createdTime: page.created_time,
    lastEditedTime: page.last_edited_time,
  };
}

export function pageLine(page: PageObjectResponse): string {
  const s = summarizePage(page);
  return `page "${s.title}" (id ${s.id}, edited ${s.lastEditedTime}${s.inTrash ? ', in trash' : ''}) — ${s.url}`;
}

/** Every property of a page as a plain value, by property name. */
export function pageProperties(page: PageObjectResponse): Record<string, Plain> {
  return Object.fromEntries(Object.entries(page.properties).map(([name, property]) => [name, propertyValue(property)]));
}

export function summarizeDataSource(source: DataSourceObjectResponse) {
  const parent = parentOf(source.parent);
  return {
    object: 'data_source' as const,
    id: source.id,
    title: plainText(source.title) || 'Untitled',
    url: source.url,
    databaseId: parent.type === 'database' ? parent.id : null,
    lastEditedTime: source.last_edited_time,
  };
}

export function dataSourceLine(source: DataSourceObjectResponse): string {
  const s = summarizeDataSource(source);
  return `database "${s.title}" (data source id ${s.id}${s.databaseId ? `, database id ${s.databaseId}` : ''}, edited ${s.lastEditedTime}) — ${s.url}`;
}
