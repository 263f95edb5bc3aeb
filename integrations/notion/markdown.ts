/**
 * Notion blocks → Markdown for a model. One page of a page's top-level blocks
 * is read per call (Notion paginates block children, 100 at most), and nested
 * children are fetched under a request budget so one call stays within
 * Notion's ~3 requests/second; blocks left unread are named with their ID so
 * the model can read them with another call.
 * https://developers.notion.com/reference/get-block-children
 */
import { isFullBlock, type BlockObjectResponse, type RichTextItemResponse } from '@notionhq/client';
import type { NotionClient } from './client.ts';
import { richTextToMarkdown } from './format.ts';

/** Nested children fetched per call at most; the rest is left for follow-up calls by block ID. */
const NESTED_REQUEST_BUDGET = 20;
const MAX_DEPTH = 4;

export function notionUrl(id: string): string {
  return `https://www.notion.so/${id.replaceAll('-', '')}`;
}

function fileUrl(file: { type: 'external'; external: { url: string } } | { type: 'file'; file: { url: string } } | { type: string }): string | null {
  if ('external' in file) return file.external.url;
  if ('file' in file) return file.file.url;
  return null;
}

function mediaLink(label: string, media: Parameters<typeof fileUrl>[0] & { caption: RichTextItemResponse[] }): string {
  return `[${richTextToMarkdown(media.caption) || label}](${fileUrl(media) ?? ''})`;
}

/** One block's own line(s), without its children. `number` is its position in a numbered list. */
function blockLine(block: BlockObjectResponse, number: number): string {
  const md = (items: readonly RichTextItemResponse[]) => richTextToMarkdown(items);
  switch (block.type) {
    case 'paragraph':
      return md(block.paragraph.rich_text);
    case 'heading_1':
      return `# ${md(block.heading_1.rich_text)}`;
    case 'heading_2':
      return `## ${md(block.heading_2.rich_text)}`;
    case 'heading_3':
      return `### ${md(block.heading_3.rich_text)}`;
    case 'heading_4':
      return `#### ${md(block.heading_4.rich_text)}`;
    case 'bulleted_list_item':
      return `- ${md(block.bulleted_list_item.rich_text)}`;
    case 'numbered_list_item':
      return `${number}. ${md(block.numbered_list_item.rich_text)}`;
    case 'to_do':
      return `- [${block.to_do.checked ? 'x' : ' '}] ${md(block.to_do.rich_text)}`;
    case 'toggle':
      return `- ${md(block.toggle.rich_text)}`;
    case 'quote':
      return `> ${md(block.quote.rich_text)}`;
    case 'callout': {
      const icon = block.callout.icon?.type === 'emoji' ? `${block.callout.icon.emoji} ` : '';
      return `> ${icon}${md(block.callout.rich_text)}`;
    }
    case 'code':
      return `\`\`\`${block.code.language === 'plain text' ? '' : block.code.language}\n${block.code.rich_text.map((t) => t.plain_text).join('')}\n\`\`\``;
    case 'equation':
      return `$$${block.equation.expression}$$`;
    case 'divider':
      return '---';
    case 'child_page':
      return `[${block.child_page.title || 'Untitled'}](${notionUrl(block.id)}) (child page: read_page with page_id ${block.id})`;
    case 'child_database':
      return `[${block.child_database.title || 'Untitled database'}](${notionUrl(block.id)}) (child database: get_database or query_database with database_id ${block.id})`;
    case 'link_to_page': {
      const link = block.link_to_page;
      const id = link.type === 'page_id' ? link.page_id : link.type === 'database_id' ? link.database_id : null;
      return id ? `[link to ${link.type === 'page_id' ? 'page' : 'database'}](${notionUrl(id)}) (id ${id})` : '';
    }
    case 'bookmark':
      return `[${md(block.bookmark.caption) || block.bookmark.url}](${block.bookmark.url})`;
    case 'embed':
      return `[embed](${block.embed.url})`;
    case 'link_preview':
      return `[${block.link_preview.url}](${block.link_preview.url})`;
    case 'image':
      return `![${md(block.image.caption) || 'image'}](${fileUrl(block.image) ?? ''})`;
    case 'video':
      return mediaLink('video', block.video);
    case 'pdf':
      return mediaLink('pdf', block.pdf);
    case 'file':
      return mediaLink(block.file.name || 'file', block.file);
    case 'audio':
      return mediaLink('audio', block.audio);
    case 'table_row':
      return `| ${block.table_row.cells.map((cell) => md(cell).replaceAll('|', '\\|')).join(' | ')} |`;
    case 'table_of_contents':
    case 'breadcrumb':
    case 'column_list':
    case 'column':
    case 'synced_block':
    case 'table':
    case 'tab':
    case 'template':
      return '';
    default:
      return `(${block.type} block not shown)`;
  }
}

interface ReadState {
  client: NotionClient;
  budget: number;
  /** Blocks whose children were not fetched, for a follow-up read. */
  unread: string[];
}

/** Fetches every child of a nested block (all pages), spending one budget unit per request. */
async function nestedChildren(state: ReadState, blockId: string): Promise<BlockObjectResponse[] | undefined> {
  const blocks: BlockObjectResponse[] = [];
  let cursor: string | undefined;
  do {
    if (state.budget <= 0) return undefined;
    state.budget -= 1;
    const response = await state.client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: 100 });
    blocks.push(...response.results.filter(isFullBlock));
    cursor = response.has_more ? response.next_cursor ?? undefined : undefined;
  } while (cursor);
  return blocks;
}

async function render(state: ReadState, blocks: readonly BlockObjectResponse[], depth: number): Promise<string[]> {
  const lines: string[] = [];
  const indent = '  '.repeat(depth);
  let number = 0;
  for (const block of blocks) {
    number = block.type === 'numbered_list_item' ? number + 1 : 0;
    const own = blockLine(block, number);
    if (block.type === 'table') lines.push('');
    if (own) lines.push(own.split('\n').map((line) => indent + line).join('\n'));
    // A child page's or database's own content is not part of this page; it is linked instead.
    if (!block.has_children || block.type === 'child_page' || block.type === 'child_database') continue;
    const children = depth < MAX_DEPTH ? await nestedChildren(state, block.id) : undefined;
    if (!children) {
      state.unread.push(block.id);
      lines.push(`${indent}  (nested content not loaded: read_page with block id ${block.id})`);
      continue;
    }
    // Columns, synced blocks and tables contribute no line of their own, so their children stay at this depth.
    const flat = ['column_list', 'column', 'synced_block', 'table', 'tab', 'template'].includes(block.type);
    const rendered = await render(state, children, flat ? depth : depth + 1);
    if (block.type === 'table' && rendered.length > 0) {
      const columns = block.table.table_width;
      rendered.splice(block.table.has_column_header ? 1 : 0, 0, `${indent}|${' --- |'.repeat(columns)}`);
    }
    lines.push(...rendered);
  }
  return lines;
}

export interface PageContent {
  markdown: string;
  blockCount: number;
  nextCursor: string | null;
  unreadBlockIds: string[];
}

/** One page of a page's (or block's) children as Markdown, with nested children filled in under a budget. */
export async function readBlocks(client: NotionClient, blockId: string, options: { startCursor?: string; pageSize: number }): Promise<PageContent> {
  const response = await client.blocks.children.list({ block_id: blockId, start_cursor: options.startCursor, page_size: options.pageSize });
  const blocks = response.results.filter(isFullBlock);
  const state: ReadState = { client, budget: NESTED_REQUEST_BUDGET, unread: [] };
  const lines = await render(state, blocks, 0);
  // Blank lines between blocks, except inside a list (items, their nested content) or a table, so lists stay lists.
  const tight = (l: string) => /^(?:\s|[-*] |\d+\. |\|)/.test(l);
  const markdown = lines.reduce((text, line, i) => (i === 0 ? line : `${text}${tight(line) && tight(lines[i - 1]!) ? '\n' : '\n\n'}${line}`), '');
  return { markdown, blockCount: blocks.length, nextCursor: response.has_more ? response.next_cursor : null, unreadBlockIds: state.unread };
}
