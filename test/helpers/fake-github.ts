/**
 * A GitHub-shaped REST API on 127.0.0.1, answering with the fields, status
 * codes, headers (Link, x-ratelimit-*) and error bodies real GitHub sends, so
 * the real Octokit client runs against it. It keeps state (created issues and
 * comments) and records who called, for tenant-isolation checks.
 *
 * Special repositories trigger failures: `rate-limited` (403 + remaining 0),
 * `secondary` (429 + retry-after), `broken` (502), `slow` (answers after
 * `slowMs`), `hang` (held until `releaseHeld()`, the caller gives up, or
 * `hangMs` passes), `forbidden` (403), `invalid` (422 on create).
 * `onRequest` sees each request before it is answered (what the hub had stored by then).
 */

export interface FakeGitHubRequest {
  method: string;
  path: string;
  /** The token the caller presented, or null. */
  token: string | null;
}

export interface FakeGitHub {
  url: string;
  requests: FakeGitHubRequest[];
  /** Tokens accepted, by token → login. */
  tokens: Map<string, string>;
  /** Requests to the `hang` repository being held right now. */
  held(): number;
  /** Answers every held request. */
  releaseHeld(): void;
  close(): Promise<void>;
}

interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: { name: string }[];
  user: { login: string };
  comments: { id: number; body: string; user: { login: string }; created_at: string; html_url: string }[];
  pull_request?: { url: string };
}

const T0 = '2026-11-01T10:00:00Z';

function issueJson(owner: string, repo: string, issue: Issue) {
  return {
    id: 1000 + issue.number,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`,
    user: issue.user,
    labels: issue.labels,
    assignees: [],
    comments: issue.comments.length,
    created_at: T0,
    updated_at: T0,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
  };
}

function repoJson(owner: string, name: string) {
  return {
    id: 1,
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner },
    private: false,
    html_url: `https://github.com/${owner}/${name}`,
    description: `The ${name} repository`,
    default_branch: 'main',
    stargazers_count: 42,
    forks_count: 7,
    open_issues_count: 3,
    language: 'TypeScript',
    archived: false,
    updated_at: T0,
  };
}

function pullJson(owner: string, repo: string, number: number) {
  return {
    id: 5000 + number,
    number,
    title: `Pull request ${number}`,
    state: 'open',
    draft: false,
    merged_at: null,
    html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
    user: { login: 'octocat' },
    head: { ref: `feature-${number}` },
    base: { ref: 'main' },
    body: 'Adds a feature.',
    mergeable: true,
    commits: 3,
    additions: 120,
    deletions: 4,
    changed_files: 5,
    created_at: T0,
    updated_at: T0,
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'x-github-request-id': 'FAKE:1', ...headers } });
const notFound = () => json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, 404);

/** The Link header GitHub sends when more pages exist. */
function pageOf<T>(url: URL, all: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Number(url.searchParams.get('per_page') ?? 30);
  const page = Number(url.searchParams.get('page') ?? 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const more = page * perPage < all.length;
  const next = new URL(url);
  next.searchParams.set('page', String(page + 1));
  return { items, headers: more ? { link: `<${next.href}>; rel="next"` } : {} };
}

export function startFakeGitHub(options: { slowMs?: number; hangMs?: number; onRequest?: (request: FakeGitHubRequest) => void | Promise<void> } = {}): FakeGitHub {
  const tokens = new Map<string, string>();
  const held = new Set<() => void>();
  /** Holds a request until released, abandoned by its caller, or `hangMs` passes — so a test's hang always ends. */
  const hold = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        held.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.hangMs ?? 10_000);
      signal.addEventListener('abort', done);
      held.add(done);
    });
  const requests: FakeGitHubRequest[] = [];
  const issues = new Map<string, Issue[]>();
  const issuesOf = (owner: string, repo: string): Issue[] => {
    const key = `${owner}/${repo}`;
    if (!issues.has(key)) {
      const seeded: Issue[] = Array.from({ length: 45 }, (_, i) => ({
        number: i + 1,
        title: `Seeded issue ${i + 1}`,
        body: i === 0 ? 'The first issue.\n\n' + 'x'.repeat(5000) : `Body ${i + 1}`,
        state: i % 5 === 4 ? 'closed' : 'open',
        labels: i % 3 === 0 ? [{ name: 'bug' }] : [],
        user: { login: 'octocat' },
        comments: [],
        ...(i === 2 ? { pull_request: { url: 'https://api.github.com/pulls/3' } } : {}),
      }));
      issues.set(key, seeded);
    }
    return issues.get(key)!;
  };

  async function route(request: Request, url: URL, login: string): Promise<Response> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = request.method;

    if (url.pathname === '/user') return json({ login, name: `${login} name`, html_url: `https://github.com/${login}`, public_repos: 2, followers: 5, company: null });
    if (url.pathname === '/user/repos' || (parts[0] === 'users' && parts[2] === 'repos')) {
      const owner = parts[0] === 'users' ? parts[1]! : login;
      const { items, headers } = pageOf(url, Array.from({ length: 5 }, (_, i) => repoJson(owner, `repo-${i + 1}`)));
      return json(items, 200, headers);
    }
    if (parts[0] === 'search') {
      const q = url.searchParams.get('q') ?? '';
      if (parts[1] === 'repositories') return json({ total_count: 1, incomplete_results: false, items: [repoJson('octo', q.split(' ')[0]!)] });
      if (parts[1] === 'issues') return json({ total_count: 2, incomplete_results: false, items: issuesOf('octo', 'hello').slice(0, 2).map((i) => issueJson('octo', 'hello', i)) });
      if (parts[1] === 'code') {
        return json({ total_count: 1, incomplete_results: false, items: [{ name: 'index.ts', path: 'src/index.ts', sha: 'abc123', html_url: 'https://github.com/octo/hello/blob/main/src/index.ts', repository: repoJson('octo', 'hello') }] });
      }
    }
    if (parts[0] !== 'repos' || parts.length < 3) return notFound();
    const [, owner, repo, section, ...rest] = parts as [string, string, string, string | undefined, ...string[]];

    if (repo === 'rate-limited') {
      const reset = Math.floor(Date.now() / 1000) + 240;
      return json({ message: 'API rate limit exceeded for user.' }, 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    }
    if (repo === 'secondary') return json({ message: 'You have exceeded a secondary rate limit.' }, 429, { 'retry-after': '30' });
    if (repo === 'broken') return json({ message: 'Server Error' }, 502);
    if (repo === 'forbidden') return json({ message: 'Resource not accessible by personal access token' }, 403);
    if (repo === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 3_000));
      return json(repoJson(owner, repo));
    }
    if (repo === 'hang') {
      await hold(request.signal);
      return json(repoJson(owner, repo));
    }
    if (repo === 'missing') return notFound();

    if (section === undefined) return json(repoJson(owner, repo));
    if (section === 'issues') {
      const list = issuesOf(owner, repo);
      if (rest.length === 0 && method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open';
        const label = url.searchParams.get('labels');
        const filtered = list.filter((i) => (state === 'all' || i.state === state) && (!label || i.labels.some((l) => l.name === label))).reverse();
        const { items, headers } = pageOf(url, filtered);
        return json(items.map((i) => issueJson(owner, repo, i)), 200, headers);
      }
      if (rest.length === 0 && method === 'POST') {
        const body = (await request.json()) as { title?: unknown; body?: string; labels?: string[] };
        if (repo === 'invalid' || typeof body.title !== 'string') {
          return json({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid', field: 'labels', message: 'label "nope" does not exist' }] }, 422);
        }
        const issue: Issue = { number: list.length + 1, title: body.title, body: body.body ?? null, state: 'open', labels: (body.labels ?? []).map((name) => ({ name })), user: { login }, comments: [] };
        list.push(issue);
        return json(issueJson(owner, repo, issue), 201);
      }
      const issue = list.find((i) => i.number === Number(rest[0]));
      if (!issue) return notFound();
      if (rest.length === 1) return json(issueJson(owner, repo, issue));
      if (rest[1] === 'comments' && method === 'POST') {
        const body = (await request.json()) as { body: string };
        const comment = { id: 9000 + issue.comments.length, body: body.body, user: { login }, created_at: T0, html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}#issuecomment-${9000 + issue.comments.length}` };
        issue.comments.push(comment);
        return json(comment, 201);
      }
      if (rest[1] === 'comments') {
        const { items, headers } = pageOf(url, issue.comments);
        return json(items, 200, headers);
      }
    }
    if (section === 'pulls') {
      if (rest.length === 0) {
        const { items, headers } = pageOf(url, [50, 51, 52].map((n) => pullJson(owner, repo, n)));
        return json(items, 200, headers);
      }
      const number = Number(rest[0]);
      return number >= 50 && number <= 52 ? json(pullJson(owner, repo, number)) : notFound();
    }
    if (section === 'contents') {
      const path = rest.join('/');
      if (path === '' || path === 'src') {
        const entries = path === '' ? [{ name: 'README.md', path: 'README.md', type: 'file', size: 26 }, { name: 'src', path: 'src', type: 'dir', size: 0 }] : [{ name: 'index.ts', path: 'src/index.ts', type: 'file', size: 20 }];
        return json(entries.map((e) => ({ ...e, sha: 'sha-' + e.name })));
      }
      const files: Record<string, Buffer> = {
        'README.md': Buffer.from(`# hello\nref=${url.searchParams.get('ref') ?? 'main'}\n`),
        'big.txt': Buffer.from('y'.repeat(100_000)),
        'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
        '.github/CODEOWNERS': Buffer.from('* @octo/maintainers\n'),
      };
      const file = files[path];
      if (!file) return notFound();
      return json({ type: 'file', name: path, path, size: file.length, sha: 'sha-' + path, encoding: 'base64', content: file.toString('base64') });
    }
    return notFound();
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    // Bun would cut a held `hang` request after its default 10 s; `hangMs` bounds those instead.
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
      requests.push({ method: request.method, path: url.pathname, token });
      await options.onRequest?.({ method: request.method, path: url.pathname, token });
      const login = token ? tokens.get(token) : undefined;
      if (!login) return json({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, 401);
      return route(request, url, login);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    tokens,
    held: () => held.size,
    releaseHeld: () => [...held].forEach((release) => release()),
    close: async () => {
      [...held].forEach((release) => release());
      await server.stop(true);
    },
  };
}
