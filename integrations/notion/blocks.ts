/**
 * Markdown-ish text → Notion blocks for writes: headings (#, ##, ###),
 * paragraphs, bulleted, numbered and to-do list items, quotes, dividers and
 * fenced code, with **bold**, *italic*, ~~strikethrough~~, `code` and
 * [links](https://…) inside. Notion's limits are respected here rather than
 * reported back as validation errors: 2,000 characters per rich-text item and
 * 100 blocks per request.
 * https://developers.notion.com/reference/request-limits
 */
import type { BlockObjectRequest } from '@notionhq/client';
import type { NotionClient } from './client.ts';

const MAX_TEXT_CHARS = 2_000;
/** Notion accepts at most 100 children per create or append request. */
export const MAX_BLOCKS_PER_REQUEST = 100;

type RichText = Extract<BlockObjectRequest, { type?: 'paragraph'; paragraph: unknown }>['paragraph']['rich_text'];
type Annotations = { bold?: boolean; italic?: boolean; strikethrough?: boolean; code?: boolean };
type Language = Extract<BlockObjectRequest, { type?: 'code'; code: unknown }>['code']['language'];

const LANGUAGE_ALIASES: Record<string, Language> = {
  js: 'javascript', javascript: 'javascript', jsx: 'javascript', ts: 'typescript', typescript: 'typescript', tsx: 'typescript',
  py: 'python', python: 'python', sh: 'shell', shell: 'shell', bash: 'bash', zsh: 'shell', json: 'json', yaml: 'yaml', yml: 'yaml',
  md: 'markdown', markdown: 'markdown', html: 'html', css: 'css', sql: 'sql', go: 'go', rust: 'rust', rs: 'rust', java: 'java',
  kotlin: 'kotlin', swift: 'swift', ruby: 'ruby', rb: 'ruby', php: 'php', c: 'c', cpp: 'c++', 'c++': 'c++', cs: 'c#', 'c#': 'c#',
  xml: 'xml', toml: 'toml', diff: 'diff', dockerfile: 'docker', docker: 'docker', graphql: 'graphql', mermaid: 'mermaid', text: 'plain text',
};

/** Splits text into rich-text items of at most 2,000 characters each, with the same formatting. */
function textItems(content: string, annotations: Annotations = {}, url?: string): RichText {
  const items: RichText = [];
  for (let i = 0; i < content.length; i += MAX_TEXT_CHARS) {
    items.push({ type: 'text', text: { content: content.slice(i, i + MAX_TEXT_CHARS), link: url ? { url } : null }, annotations });
  }
  return items;
}

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|~~[^~]+~~|`[^`]+`|\[[^\]]+\]\((?:https?:\/\/|mailto:)[^)\s]+\)|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

/** Inline Markdown → rich text. Formatting does not nest (`**[a](b)**` stays literal), which keeps the parser honest and small. */
export function parseInline(text: string): RichText {
  const items: RichText = [];
  for (const part of text.split(INLINE)) {
    if (!part) continue;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) items.push(...textItems(link[1]!, {}, link[2]));
    else if (/^(\*\*|__)[\s\S]+\1$/.test(part)) items.push(...textItems(part.slice(2, -2), { bold: true }));
    else if (/^~~[\s\S]+~~$/.test(part)) items.push(...textItems(part.slice(2, -2), { strikethrough: true }));
    else if (/^`[\s\S]+`$/.test(part)) items.push(...textItems(part.slice(1, -1), { code: true }));
    else if (/^([*_])[\s\S]+\1$/.test(part) && part.length > 2) items.push(...textItems(part.slice(1, -1), { italic: true }));
    else items.push(...textItems(part));
  }
  return items;
}

function codeLanguage(tag: string): Language {
  return LANGUAGE_ALIASES[tag.trim().toLowerCase()] ?? 'plain text';
}

/** Markdown-ish text → a flat list of Notion blocks (indented list items become top-level items). */
export function markdownToBlocks(markdown: string): BlockObjectRequest[] {
  const blocks: BlockObjectRequest[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', paragraph: { rich_text: parseInline(paragraph.join('\n')) } });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    const fence = /^```\s*([\w+#.-]*)\s*$/.exec(trimmed);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i]!.trim()); i++) code.push(lines[i]!);
      blocks.push({ type: 'code', code: { rich_text: textItems(code.join('\n')), language: codeLanguage(fence[1] ?? '') } });
      continue;
    }
    let match: RegExpExecArray | null;
    if (trimmed === '') flush();
    else if ((match = /^(#{1,6})\s+(.*)$/.exec(trimmed))) {
      flush();
      const rich_text = parseInline(match[2]!);
      const level = match[1]!.length;
      blocks.push(level === 1 ? { type: 'heading_1', heading_1: { rich_text } } : level === 2 ? { type: 'heading_2', heading_2: { rich_text } } : { type: 'heading_3', heading_3: { rich_text } });
    } else if (/^(-{3,}|\*{3,}|_{3,})$/.test(trimmed)) {
      flush();
      blocks.push({ type: 'divider', divider: {} });
    } else if ((match = /^[-*+]\s+\[([ xX])\]\s+(.*)$/.exec(trimmed))) {
      flush();
      blocks.push({ type: 'to_do', to_do: { rich_text: parseInline(match[2]!), checked: match[1] !== ' ' } });
    } else if ((match = /^[-*+]\s+(.*)$/.exec(trimmed))) {
      flush();
      blocks.push({ type: 'bulleted_list_item', bulleted_list_item: { rich_text: parseInline(match[1]!) } });
    } else if ((match = /^\d+[.)]\s+(.*)$/.exec(trimmed))) {
      flush();
      blocks.push({ type: 'numbered_list_item', numbered_list_item: { rich_text: parseInline(match[1]!) } });
    } else if ((match = /^>\s?(.*)$/.exec(trimmed))) {
      flush();
      const quote = [match[1]!];
      while (i + 1 < lines.length && /^\s*>/.test(lines[i + 1]!)) quote.push(lines[++i]!.trim().replace(/^>\s?/, ''));
      blocks.push({ type: 'quote', quote: { rich_text: parseInline(quote.join('\n')) } });
    } else paragraph.push(trimmed);
  }
  flush();
  return blocks;
}

/** Appends blocks under a page or block in requests of at most 100, in order; returns how many requests were made. */
export async function appendInChunks(client: NotionClient, blockId: string, blocks: readonly BlockObjectRequest[]): Promise<number> {
  let requests = 0;
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS_PER_REQUEST) {
    await client.blocks.children.append({ block_id: blockId, children: blocks.slice(i, i + MAX_BLOCKS_PER_REQUEST) });
    requests += 1;
  }
  return requests;
}
