/**
 * A Notion-shaped REST API (version 2025-09-03) on 127.0.0.1, answering with
 * the fields, status codes, headers (Retry-After) and error bodies
 * (`{ object: 'error', status, code, message, request_id }`) real Notion
 * sends, so the real @notionhq/client runs against it. It keeps state (created
 * pages and appended blocks), checks Notion's request limits (100 children per
 * request, 2,000 characters per rich-text item) and records who called, for
 * tenant-isolation checks.
 *
 * Special IDs (FAKE_NOTION_IDS) trigger failures on any endpoint: `rateLimited`
 * (429 + Retry-After), `unavailable` (503 service_unavailable), `badGateway`
 * (502 with an HTML body), `forbidden` (403 restricted_resource), `missing`
 * (404 object_not_found), `slow` (answers after `slowMs`). A filter on an
 * unknown property, or a row with an unknown property, gets 400 validation_error.
 */

export interface FakeNotionRequest {
  method: string;
  path: string;
  /** The token the caller presented, or null. */
  token: string | null;
  notionVersion: string | null;
  body: unknown;
}

export interface FakeNotion {
  url: string;
  requests: FakeNotionRequest[];
  /** Secrets accepted, by secret → bot name. */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

const id = (n: number, tag = 0) => `${tag.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** IDs seeded in the fake, and IDs that make it fail. */
export const FAKE_NOTION_IDS = {
  page: id(1, 0xa1),
  deepPage: id(2, 0xa1),
  database: id(1, 0xdb),
  dataSource: id(1, 0xd5),
  multiDatabase: id(2, 0xdb),
  rateLimited: id(0x429, 0xee),
  unavailable: id(0x503, 0xee),
  badGateway: id(0x502, 0xee),
  forbidden: id(0x403, 0xee),
  missing: id(0x404, 0xee),
  slow: id(0x408, 0xee),
};

const T0 = '2026-11-01T10:00:00.000Z';
const USER = { object: 'user', id: id(7, 0x05) };

type Json = Record<string, any>;
interface RichTextRequest { type?: string; text: { content: string; link?: { url: string } | null }; annotations?: Json }

const ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
const rich = (content: string, annotations: Json = {}, href: string | null = null) => ({
  type: 'text', text: { content, link: href ? { url: href } : null }, annotations: { ...ANNOTATIONS, ...annotations }, plain_text: content, href,
});
const notionUrl = (pageId: string, title = 'Page') => `https://www.notion.so/${title.replace(/\W+/g, '-')}-${pageId.replaceAll('-', '')}`;

function block(type: string, content: Json, options: { id: string; parent: string; hasChildren?: boolean }): Json {
  return {
    object: 'block', id: options.id, parent: { type: 'page_id', page_id: options.parent }, type, [type]: content,
    created_time: T0, last_edited_time: T0, created_by: USER, last_edited_by: USER, has_children: options.hasChildren ?? false, in_trash: false, archived: false,
  };
}

function pageJson(pageId: string, parent: Json, properties: Json): Json {
  const title = Object.values(properties).find((p: Json) => p.type === 'title')?.title?.map((t: Json) => t.plain_text).join('') ?? 'Untitled';
  return {
    object: 'page', id: pageId, created_time: T0, last_edited_time: T0, created_by: USER, last_edited_by: USER, cover: null, icon: null,
    parent, in_trash: false, archived: false, is_locked: false, properties, url: notionUrl(pageId, title), public_url: null,
  };
}

const titleProperty = (text: string) => ({ title: { id: 'title', type: 'title', title: [rich(text)] } });

const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ object: 'error', status, code, message, request_id: 'fake-req-1' }, { status, headers: { 'x-notion-request-id': 'fake-req-1', ...headers } });
const notFound = (what: string, objectId: string) =>
  error(404, 'object_not_found', `Could not find ${what} with ID: ${objectId}. Make sure the relevant pages and databases are shared with your integration.`);
const validation = (message: string) => error(400, 'validation_error', message);

/** A page of `all`, with Notion's cursor (the next item's ID). */
function pageOf(all: Json[], cursor: string | null | undefined, size: number | undefined) {
  const start = cursor ? all.findIndex((item) => item.id === cursor) : 0;
  const from = Math.max(0, start);
  const items = all.slice(from, from + (size ?? 100));
  const next = all[from + items.length];
  return { object: 'list', results: items, has_more: next !== undefined, next_cursor: next?.id ?? null, type: 'block', block: {} };
}

/** Converts a block from a create/append request into the block Notion would store. */
function storeBlock(request: Json, blockId: string, parent: string): Json {
  const type = request.type ?? Object.keys(request).find((k) => k !== 'object')!;
  const content = { ...request[type] };
  if (Array.isArray(content.rich_text)) content.rich_text = content.rich_text.map((t: RichTextRequest) => rich(t.text.content, t.annotations, t.text.link?.url ?? null));
  return block(type, content, { id: blockId, parent });
}

/** Notion's request limits, enforced as Notion reports them. */
function checkChildren(children: Json[] | undefined): Response | undefined {
  if (!children) return undefined;
  if (children.length > 100) return validation(`body failed validation: body.children.length should be ≤ \`100\`, instead was \`${children.length}\`.`);
  for (const [i, child] of children.entries()) {
    const type = child.type ?? Object.keys(child)[0];
    for (const [j, t] of ((child[type]?.rich_text ?? []) as RichTextRequest[]).entries()) {
      if (t.text.content.length > 2000) return validation(`body failed validation: body.children[${i}].${type}.rich_text[${j}].text.content.length should be ≤ \`2000\`, instead was \`${t.text.content.length}\`.`);
    }
  }
  return undefined;
}

export function startFakeNotion(options: { slowMs?: number } = {}): FakeNotion {
  const tokens = new Map<string, string>();
  const requests: FakeNotionRequest[] = [];
  const pages = new Map<string, Json>();
  const children = new Map<string, Json[]>();
  let counter = 0;
  const nextId = () => id(++counter, 0xc0);

  // A page with every block kind read_page renders, plus filler for pagination.
  const P = FAKE_NOTION_IDS.page;
  pages.set(P, pageJson(P, { type: 'workspace', workspace: true }, titleProperty('Project Plan')));
  const seeded: Json[] = [
    block('heading_1', { rich_text: [rich('Plan')], color: 'default', is_toggleable: false }, { id: id(10, 0xb1), parent: P }),
    block('paragraph', { rich_text: [rich('Ship '), rich('fast', { bold: true }), rich(' and '), rich('safe', { italic: true }), rich(', see '), rich('docs', {}, 'https://example.com/docs'), rich(' and '), rich('npm test', { code: true })], color: 'default' }, { id: id(11, 0xb1), parent: P }),
    block('bulleted_list_item', { rich_text: [rich('First bullet')], color: 'default' }, { id: id(12, 0xb1), parent: P, hasChildren: true }),
    block('bulleted_list_item', { rich_text: [rich('Second bullet')], color: 'default' }, { id: id(13, 0xb1), parent: P }),
    block('numbered_list_item', { rich_text: [rich('Step one')], color: 'default' }, { id: id(14, 0xb1), parent: P }),
    block('numbered_list_item', { rich_text: [rich('Step two')], color: 'default' }, { id: id(15, 0xb1), parent: P }),
    block('to_do', { rich_text: [rich('Write tests')], checked: true, color: 'default' }, { id: id(16, 0xb1), parent: P }),
    block('to_do', { rich_text: [rich('Release')], checked: false, color: 'default' }, { id: id(17, 0xb1), parent: P }),
    block('code', { rich_text: [rich('const x = 1;\nconsole.log(x);')], language: 'typescript', caption: [] }, { id: id(18, 0xb1), parent: P }),
    block('quote', { rich_text: [rich('Less is more')], color: 'default' }, { id: id(19, 0xb1), parent: P }),
    block('callout', { rich_text: [rich('Heads up')], icon: { type: 'emoji', emoji: '⚠️' }, color: 'default' }, { id: id(20, 0xb1), parent: P }),
    block('divider', {}, { id: id(21, 0xb1), parent: P }),
    block('child_page', { title: 'Meeting notes' }, { id: id(22, 0xb1), parent: P, hasChildren: true }),
    block('child_database', { title: 'Tasks' }, { id: FAKE_NOTION_IDS.database, parent: P }),
    block('table', { table_width: 2, has_column_header: true, has_row_header: false }, { id: id(23, 0xb1), parent: P, hasChildren: true }),
    ...Array.from({ length: 15 }, (_, i) => block('paragraph', { rich_text: [rich(`Filler paragraph ${i + 1}`)], color: 'default' }, { id: id(100 + i, 0xb1), parent: P })),
  ];
  children.set(P, seeded);
  children.set(id(12, 0xb1), [block('bulleted_list_item', { rich_text: [rich('Nested bullet')], color: 'default' }, { id: id(30, 0xb1), parent: id(12, 0xb1) })]);
  children.set(id(23, 0xb1), [
    block('table_row', { cells: [[rich('Name')], [rich('Role')]] }, { id: id(31, 0xb1), parent: id(23, 0xb1) }),
    block('table_row', { cells: [[rich('Ada')], [rich('Lead')]] }, { id: id(32, 0xb1), parent: id(23, 0xb1) }),
  ]);
  // A page of 25 toggles, each with a child: more nested reads than one call may spend.
  const D = FAKE_NOTION_IDS.deepPage;
  pages.set(D, pageJson(D, { type: 'workspace', workspace: true }, titleProperty('Deep toggles')));
  children.set(D, Array.from({ length: 25 }, (_, i) => block('toggle', { rich_text: [rich(`Toggle ${i + 1}`)], color: 'default' }, { id: id(200 + i, 0xb1), parent: D, hasChildren: true })));
  for (let i = 0; i < 25; i++) children.set(id(200 + i, 0xb1), [block('paragraph', { rich_text: [rich(`Inside ${i + 1}`)], color: 'default' }, { id: id(300 + i, 0xb1), parent: id(200 + i, 0xb1) })]);

  // The Tasks database: one data source with a schema and 30 rows.
  const DS = FAKE_NOTION_IDS.dataSource;
  const schema: Json = {
    Name: { id: 'title', name: 'Name', type: 'title', title: {}, description: null },
    Status: { id: 'st', name: 'Status', type: 'status', status: { options: ['Not started', 'Doing', 'Done'].map((name, i) => ({ id: `s${i}`, name, color: 'default', description: null })), groups: [{ id: 'g1', name: 'To-do', color: 'gray', option_ids: ['s0'] }, { id: 'g2', name: 'Complete', color: 'green', option_ids: ['s1', 's2'] }] }, description: null },
    Tags: { id: 'tg', name: 'Tags', type: 'multi_select', multi_select: { options: [{ id: 't1', name: 'api', color: 'blue', description: null }, { id: 't2', name: 'ui', color: 'red', description: null }] }, description: null },
    Points: { id: 'pt', name: 'Points', type: 'number', number: { format: 'number' }, description: null },
    Due: { id: 'du', name: 'Due', type: 'date', date: {}, description: null },
    Done: { id: 'dn', name: 'Done', type: 'checkbox', checkbox: {}, description: null },
  };
  const dataSource = {
    object: 'data_source', id: DS, title: [rich('Tasks')], description: [], parent: { type: 'database_id', database_id: FAKE_NOTION_IDS.database },
    database_parent: { type: 'page_id', page_id: P }, is_inline: true, in_trash: false, archived: false, created_time: T0, last_edited_time: T0,
    created_by: USER, last_edited_by: USER, properties: schema, icon: null, cover: null, url: notionUrl(FAKE_NOTION_IDS.database, 'Tasks'), public_url: null,
  };
  const databases = new Map<string, Json>([
    [FAKE_NOTION_IDS.database, { data_sources: [{ id: DS, name: 'Tasks' }], title: 'Tasks' }],
    [FAKE_NOTION_IDS.multiDatabase, { data_sources: [{ id: id(2, 0xd5), name: 'Q1' }, { id: id(3, 0xd5), name: 'Q2' }], title: 'Roadmap' }],
  ]);
  const rows: Json[] = Array.from({ length: 30 }, (_, i) => {
    const rowId = id(i + 1, 0xf0);
    const row = pageJson(rowId, { type: 'data_source_id', data_source_id: DS, database_id: FAKE_NOTION_IDS.database }, {
      Name: { id: 'title', type: 'title', title: [rich(`Task ${i + 1}`)] },
      Status: { id: 'st', type: 'status', status: { id: `s${i % 3}`, name: ['Not started', 'Doing', 'Done'][i % 3], color: 'default' } },
      Tags: { id: 'tg', type: 'multi_select', multi_select: i % 2 ? [{ id: 't1', name: 'api', color: 'blue' }] : [] },
      Points: { id: 'pt', type: 'number', number: i + 1 },
      Due: { id: 'du', type: 'date', date: { start: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`, end: null, time_zone: null } },
      Done: { id: 'dn', type: 'checkbox', checkbox: i % 3 === 2 },
    });
    pages.set(rowId, row);
    return row;
  });

  function matches(row: Json, filter: Json | undefined): boolean | Response {
    if (!filter) return true;
    if (Array.isArray(filter.and) || Array.isArray(filter.or)) {
      const results = (filter.and ?? filter.or).map((f: Json) => matches(row, f));
      const bad = results.find((r: unknown) => r instanceof Response);
      if (bad) return bad;
      return filter.and ? results.every(Boolean) : results.some(Boolean);
    }
    const config = schema[filter.property];
    if (!config) return validation(`Could not find property with name or id: ${filter.property}`);
    const condition = filter[config.type] as Json | undefined;
    if (!condition) return validation(`body failed validation: body.filter.${config.type} should be defined, instead was \`undefined\`.`);
    const value = row.properties[filter.property];
    const plain = config.type === 'title' ? value.title.map((t: Json) => t.plain_text).join('') : config.type === 'status' ? value.status?.name : config.type === 'checkbox' ? value.checkbox : config.type === 'number' ? value.number : config.type === 'multi_select' ? value.multi_select.map((o: Json) => o.name) : undefined;
    if ('equals' in condition) return plain === condition.equals;
    if ('contains' in condition) return Array.isArray(plain) ? plain.includes(condition.contains) : String(plain).includes(condition.contains);
    if ('greater_than' in condition) return plain > condition.greater_than;
    return true;
  }

  async function route(request: Request, url: URL, body: Json, bot: string): Promise<Response> {
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const method = request.method;
    const target = parts[1];

    if (target === FAKE_NOTION_IDS.rateLimited) return error(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', { 'retry-after': '17' });
    if (target === FAKE_NOTION_IDS.unavailable) return error(503, 'service_unavailable', 'Notion is unavailable. This can occur when their servers are overloaded.');
    if (target === FAKE_NOTION_IDS.badGateway) return new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    if (target === FAKE_NOTION_IDS.forbidden) return error(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    if (target === FAKE_NOTION_IDS.slow) await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 3_000));

    // The bot user the secret acts as, in the `Acme` workspace, as Notion answers for an internal integration.
    if (parts[0] === 'users' && target === 'me' && method === 'GET') {
      return Response.json({ object: 'user', id: id(8, 0x05), name: bot, avatar_url: null, type: 'bot', bot: { owner: { type: 'workspace', workspace: true }, workspace_id: id(1, 0x3e), workspace_name: 'Acme', workspace_limits: { max_file_upload_size_in_bytes: 5_242_880 } } });
    }
    if (parts[0] === 'search' && method === 'POST') {
      const filter = body.filter as Json | undefined;
      if (filter && filter.value !== 'page' && filter.value !== 'data_source') return validation(`body failed validation: body.filter.value should be "page" or "data_source", instead was \`"${filter.value}"\`.`);
      const query = String(body.query ?? '').toLowerCase();
      const all: Json[] = [...[...pages.values()].filter((p) => p.parent.type !== 'data_source_id'), dataSource]
        .filter((item) => !filter || item.object === filter.value)
        .filter((item) => (item.object === 'page' ? (Object.values(item.properties) as Json[]).find((p) => p.type === 'title')?.title : item.title).map((t: Json) => t.plain_text).join('').toLowerCase().includes(query));
      return Response.json({ ...pageOf(all, body.start_cursor, body.page_size), type: 'page_or_data_source', page_or_data_source: {} });
    }
    if (parts[0] === 'pages' && method === 'POST') {
      const parent = body.parent as Json;
      const check = checkChildren(body.children);
      if (check) return check;
      let stored: Json;
      const pageId = nextId();
      if (parent.page_id) {
        if (!pages.has(parent.page_id)) return notFound('page', parent.page_id);
        const title = body.properties?.title?.title ?? [];
        stored = pageJson(pageId, { type: 'page_id', page_id: parent.page_id }, { title: { id: 'title', type: 'title', title: title.map((t: RichTextRequest) => rich(t.text.content, t.annotations)) } });
      } else if (parent.data_source_id) {
        if (parent.data_source_id !== DS) return notFound('data source', parent.data_source_id);
        const properties: Json = {};
        for (const [name, value] of Object.entries(body.properties ?? {}) as [string, Json][]) {
          const config = schema[name];
          if (!config) return validation(`${name} is not a property that exists.`);
          properties[name] = config.type === 'title' ? { id: config.id, type: 'title', title: value.title.map((t: RichTextRequest) => rich(t.text.content)) } : { id: config.id, type: config.type, ...value };
        }
        stored = pageJson(pageId, { type: 'data_source_id', data_source_id: DS, database_id: FAKE_NOTION_IDS.database }, properties);
        rows.push(stored);
      } else return validation('body failed validation: body.parent should be defined.');
      pages.set(pageId, stored);
      children.set(pageId, (body.children ?? []).map((c: Json) => storeBlock(c, nextId(), pageId)));
      return Response.json({ ...stored, created_by: { object: 'user', id: bot } });
    }
    if (parts[0] === 'pages' && target && method === 'GET') {
      const page = pages.get(target);
      return page ? Response.json(page) : notFound('page', target);
    }
    if (parts[0] === 'blocks' && target && parts[2] === 'children') {
      const list = children.get(target);
      if (!list) return notFound('block', target);
      if (method === 'GET') return Response.json(pageOf(list, url.searchParams.get('start_cursor'), Number(url.searchParams.get('page_size') ?? 100)));
      if (method === 'PATCH') {
        const check = checkChildren(body.children);
        if (check) return check;
        const added = (body.children as Json[]).map((c) => storeBlock(c, nextId(), target));
        list.push(...added);
        return Response.json({ object: 'list', results: added, has_more: false, next_cursor: null, type: 'block', block: {} });
      }
    }
    if (parts[0] === 'databases' && target && method === 'GET') {
      const database = databases.get(target);
      if (!database) return notFound('database', target);
      return Response.json({
        object: 'database', id: target, title: [rich(database.title)], description: [], parent: { type: 'page_id', page_id: P }, is_inline: true, in_trash: false, archived: false, is_locked: false,
        created_time: T0, last_edited_time: T0, data_sources: database.data_sources, icon: null, cover: null, url: notionUrl(target, database.title), public_url: null,
      });
    }
    if (parts[0] === 'data_sources' && target === DS && method === 'GET' && parts.length === 2) return Response.json(dataSource);
    if (parts[0] === 'data_sources' && target === DS && parts[2] === 'query' && method === 'POST') {
      const filtered: Json[] = [];
      for (const row of rows) {
        const ok = matches(row, body.filter);
        if (ok instanceof Response) return ok;
        if (ok) filtered.push(row);
      }
      for (const sort of ([...(body.sorts ?? [])] as Json[]).reverse()) {
        if (sort.property && !schema[sort.property]) return validation(`Could not find sort property with name or id: ${sort.property}`);
        const key = (row: Json) => (sort.property === 'Points' ? row.properties.Points.number : row.properties[sort.property]?.date?.start ?? row.created_time);
        filtered.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (sort.direction === 'descending' ? -1 : 1));
      }
      return Response.json({ ...pageOf(filtered, body.start_cursor, body.page_size), type: 'page_or_data_source', page_or_data_source: {} });
    }
    return notFound(parts[0] === 'data_sources' ? 'data source' : 'object', target ?? url.pathname);
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const token = /^bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
      const text = request.method === 'GET' ? '' : await request.text();
      const body = text ? (JSON.parse(text) as Json) : {};
      const notionVersion = request.headers.get('notion-version');
      requests.push({ method: request.method, path: url.pathname, token, notionVersion, body });
      if (!notionVersion) return error(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
      const bot = token ? tokens.get(token) : undefined;
      if (!bot) return error(401, 'unauthorized', 'API token is invalid.');
      return route(request, url, body, bot);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    tokens,
    close: async () => {
      await server.stop(true);
    },
  };
}
