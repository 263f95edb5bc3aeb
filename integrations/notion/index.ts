/** Notion: search, read pages as Markdown, create and append content, and query databases, through the official SDK. */
import { defineIntegration } from '../../lib/mcp/define.ts';
import { createNotionClient, type NotionClient } from './client.ts';
import { mapNotionError } from './errors.ts';
import { verifyNotion } from './verify.ts';
import appendBlocks from './tools/append-blocks.ts';
import createPage from './tools/create-page.ts';
import getDatabase from './tools/get-database.ts';
import getPage from './tools/get-page.ts';
import queryDatabase from './tools/query-database.ts';
import readPage from './tools/read-page.ts';
import searchWorkspace from './tools/search-workspace.ts';

export default defineIntegration<NotionClient>({
  slug: 'notion',
  name: 'Notion',
  description: 'Search pages and databases, read pages as Markdown, create pages, append content and query databases.',
  category: 'Productivity',
  auth: {
    kind: 'token',
    label: 'internal integration secret',
    help: 'Create an internal integration at https://www.notion.so/profile/integrations, copy its secret (ntn_… or secret_…), and share each page or database with it (••• → Connections).',
    scopes: ['read content', 'insert content', 'update content'],
  },
  createClient: createNotionClient,
  mapError: mapNotionError,
  verify: verifyNotion,
  tools: [searchWorkspace, getPage, readPage, createPage, appendBlocks, getDatabase, queryDatabase],
});
