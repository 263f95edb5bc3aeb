/**
 * Every GitHub tool through the real executor and the real Octokit client,
 * against a GitHub-shaped fake on 127.0.0.1 (MCPHUB_GITHUB_API_URL's job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, hasDotSegment } from '../../integrations/github/client.ts';
import github from '../../integrations/github/index.ts';
import { ToolError } from '../../lib/mcp/errors.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { captureLogger } from '../helpers/logs.ts';
import { createToolRunner, directClientOptions } from '../helpers/run-tool.ts';
import { runIntegrationContract } from '../contract/integration-contract.ts';
import { runPathSafetyContract } from '../contract/path-safety.ts';

const TOKEN = 'ghp_aliceToken0123456789abcdefghijkl';
let fake: FakeGitHub;
const { logger, lines } = captureLogger();

beforeAll(() => {
  fake = startFakeGitHub({ slowMs: 2_000 });
  fake.tokens.set(TOKEN, 'alice');
});
afterAll(() => fake.close());

const call = createToolRunner(github, { apiUrl: () => fake.url, credential: TOKEN, logger });
const { registry } = call;

describe('github tools', () => {
  it('has at least 10 tools', () => {
    expect(github.tools.length).toBeGreaterThanOrEqual(10);
  });

  it('get_me names the token owner', async () => {
    const r = await call('get_me', {});
    expect(r.outcome).toBe('ok');
    expect(r.text).toContain('alice');
    expect(r.structured?.login).toBe('alice');
    expect(r.upstreamMs).toBeGreaterThan(0);
  });

  it('list_repositories pages through the token user and a named owner', async () => {
    const mine = await call('list_repositories', { per_page: 2 });
    expect(mine.structured?.repositories).toHaveLength(2);
    expect(mine.structured?.hasNextPage).toBe(true);
    expect(mine.text).toContain('call again with page 2');
    const last = await call('list_repositories', { owner: 'octo', per_page: 2, page: 3 });
    expect(last.structured?.repositories.map((r: { fullName: string }) => r.fullName)).toEqual(['octo/repo-5']);
    expect(last.structured?.hasNextPage).toBe(false);
  });

  it('get_repository and search_repositories', async () => {
    const repo = await call('get_repository', { owner: 'octo', repo: 'hello' });
    expect(repo.structured).toMatchObject({ fullName: 'octo/hello', defaultBranch: 'main', stars: 42 });
    const search = await call('search_repositories', { query: 'hello language:ts' });
    expect(search.structured?.totalCount).toBe(1);
  });

  it('list_issues filters, paginates and leaves out pull requests', async () => {
    const page1 = await call('list_issues', { owner: 'octo', repo: 'hello', state: 'all', per_page: 20 });
    expect(page1.structured?.hasNextPage).toBe(true);
    const all = [page1, await call('list_issues', { owner: 'octo', repo: 'hello', state: 'all', per_page: 20, page: 2 }), await call('list_issues', { owner: 'octo', repo: 'hello', state: 'all', per_page: 20, page: 3 })];
    const numbers = all.flatMap((p) => p.structured?.issues.map((i: { number: number }) => i.number));
    expect(numbers).not.toContain(3);
    expect(numbers).toHaveLength(44);
    const bugs = await call('list_issues', { owner: 'octo', repo: 'hello', labels: ['bug'], per_page: 100 });
    expect(bugs.structured?.issues.every((i: { labels: string[] }) => i.labels.includes('bug'))).toBe(true);
  });

  it('get_issue cuts a long body with a note', async () => {
    const r = await call('get_issue', { owner: 'octo', repo: 'hello', issue_number: 1 });
    expect(r.text).toContain('The first issue.');
    expect(r.text).toContain('[truncated: showing 2000 of');
  });

  it('create_issue, add_issue_comment and list_issue_comments change and read state', async () => {
    const created = await call('create_issue', { owner: 'octo', repo: 'writes', title: 'Crash on start', body: 'Steps…', labels: ['bug'] });
    expect(created.outcome).toBe('ok');
    const number = created.structured?.number as number;
    expect(created.text).toContain(`#${number} Crash on start`);
    await call('add_issue_comment', { owner: 'octo', repo: 'writes', issue_number: number, body: 'Seen it too.' });
    const comments = await call('list_issue_comments', { owner: 'octo', repo: 'writes', issue_number: number });
    expect(comments.structured?.comments).toMatchObject([{ author: 'alice', body: 'Seen it too.' }]);
  });

  it('search_issues, list and get pull requests, search_code', async () => {
    expect((await call('search_issues', { query: 'repo:octo/hello is:open' })).structured?.totalCount).toBe(2);
    const pulls = await call('list_pull_requests', { owner: 'octo', repo: 'hello', per_page: 2 });
    expect(pulls.structured?.pullRequests).toHaveLength(2);
    expect(pulls.structured?.hasNextPage).toBe(true);
    const pull = await call('get_pull_request', { owner: 'octo', repo: 'hello', pull_number: 51 });
    expect(pull.structured).toMatchObject({ number: 51, head: 'feature-51', base: 'main', changedFiles: 5 });
    const code = await call('search_code', { query: 'createServer repo:octo/hello' });
    expect(code.structured?.files).toEqual([expect.objectContaining({ repository: 'octo/hello', path: 'src/index.ts' })]);
  });

  it('get_file_contents reads files at a ref, lists directories, cuts big files and skips binaries', async () => {
    const readme = await call('get_file_contents', { owner: 'octo', repo: 'hello', path: 'README.md', ref: 'v1' });
    expect(readme.text).toContain('ref=v1');
    const root = await call('get_file_contents', { owner: 'octo', repo: 'hello' });
    expect(root.structured?.entries.map((e: { path: string }) => e.path)).toEqual(['README.md', 'src']);
    const big = await call('get_file_contents', { owner: 'octo', repo: 'hello', path: 'big.txt' });
    expect(big.text.length).toBeLessThan(30_000);
    expect(big.text).toContain('[truncated:');
    const binary = await call('get_file_contents', { owner: 'octo', repo: 'hello', path: 'logo.png' });
    expect(binary.text).toContain('binary file');
  });
});

describe('github error mapping', () => {
  it('401: token rejected, with how to reconnect', async () => {
    const r = await call('get_me', {}, { token: 'ghp_revokedToken0123456789abcdefghij' });
    expect(r.result.isError).toBe(true);
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/GitHub token was rejected/);
    expect(r.text).toMatch(/integrations enable github/);
  });

  it('403 with remaining 0: rate limited, with the reset time', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'rate-limited' });
    expect(r.text).toMatch(/rate limit .* resets in [45] min \(at \d\d:\d\d:\d\d UTC\)/);
  });

  it('429 secondary rate limit uses retry-after', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'secondary' });
    expect(r.text).toMatch(/rate limit.*resets in 30 s/);
  });

  it('403 otherwise: permission', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'forbidden' });
    expect(r.text).toMatch(/refused this request \(403: Resource not accessible/);
  });

  it('404: not found, mentioning private repositories', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'missing' });
    expect(r.text).toMatch(/found nothing there \(404\)/);
  });

  it('422: GitHub validation details are passed on', async () => {
    const r = await call('create_issue', { owner: 'octo', repo: 'invalid', title: 'x', labels: ['nope'] });
    expect(r.text).toMatch(/Validation Failed; label "nope" does not exist/);
  });

  it('5xx: upstream trouble', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'broken' });
    expect(r.text).toMatch(/GitHub is having trouble \(HTTP 502\)/);
  });

  it('timeout: stops waiting and says so', async () => {
    const r = await call('get_repository', { owner: 'octo', repo: 'slow' }, { timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    expect(r.text).toMatch(/GitHub did not answer within 300 ms/);
  });

  it('network failure: cannot reach GitHub', async () => {
    const r = await call('get_me', {}, { apiUrl: 'http://127.0.0.1:9' });
    expect(r.result.content[0]).toMatchObject({ text: expect.stringMatching(/Could not reach GitHub/) });
  });

  it('never writes the token to a log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('github path arguments', () => {
  const parse = (tool: string, args: Record<string, unknown>) => registry.resolve(`github__${tool}`)!.tool.input.safeParse(args);
  const messageOf = (tool: string, args: Record<string, unknown>) => {
    const parsed = parse(tool, args);
    return parsed.success ? 'accepted' : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  };

  it('explain what a valid owner, repository, path and ref look like', () => {
    expect(messageOf('get_repository', { owner: 'octo', repo: '..' })).toBe('repo: a repository name cannot be `.` or `..`');
    expect(messageOf('get_repository', { owner: 'octo', repo: 'a/b' })).toMatch(/^repo: a repository name is letters, digits, `.`, `-` and `_`/);
    expect(messageOf('get_repository', { owner: 'oc.to', repo: 'hello' })).toMatch(/^owner: a GitHub login is letters, digits and hyphens/);
    expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', path: 'src/../../x' })).toMatch(/^path: .*has no empty, `.` or `..` parts/);
    expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', path: 'src%2F..%2Fx' })).toMatch(/^path: .*written unencoded/);
    expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', path: 'src\\..\\x' })).toMatch(/^path: .*not `\\`/);
    expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', ref: 'main..dev' })).toMatch(/^ref: a git branch, tag or commit SHA cannot contain `..`/);
    expect(messageOf('list_pull_requests', { owner: 'octo', repo: 'hello', base: 'feature/.hidden' })).toMatch(/^base: .*no part starting with `.`/);
  });

  it('accept the names GitHub and git allow, old and managed-user logins included', () => {
    for (const owner of ['a', 'a-b', 'octo-org-2', 'mona_acme', '-legacy-', 'a'.repeat(39)]) expect(messageOf('list_repositories', { owner }), owner).toBe('accepted');
    for (const repo of ['my.repo', '.github', '...', 'a_b-c.d', 'x'.repeat(100)]) expect(messageOf('get_repository', { owner: 'octo', repo }), repo).toBe('accepted');
    for (const ref of ['main', 'v1.2.0', 'feature/login', 'refs/heads/main', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2']) {
      expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', ref }), ref).toBe('accepted');
    }
    for (const path of ['', '/', 'README.md', '/src/', '.github/workflows/ci.yml', 'docs/a b#1?.md', 'a..b/c.']) expect(messageOf('get_file_contents', { owner: 'octo', repo: 'hello', path }), path).toBe('accepted');
    expect(parse('get_file_contents', { owner: 'octo', repo: 'hello', path: '/src/' }).data).toMatchObject({ path: 'src' });
  });

  it('percent-encodes a file path into one URL segment, slashes and reserved characters included', async () => {
    const file = await call('get_file_contents', { owner: 'octo', repo: '.github', path: '/.github/CODEOWNERS', ref: 'feature/login' });
    expect(file.structured).toMatchObject({ type: 'file', path: '.github/CODEOWNERS' });
    expect(fake.requests.at(-1)?.path).toBe('/repos/octo/.github/contents/.github%2FCODEOWNERS');
    const odd = await call('get_file_contents', { owner: 'octo', repo: 'hello', path: 'docs/a b#1?.md' });
    expect(odd.outcome).toBe('upstream_error');
    expect(fake.requests.at(-1)?.path).toBe('/repos/octo/hello/contents/docs%2Fa%20b%231%3F.md');
  });

  it('the client itself refuses a request whose path would hold a dot segment, for a tool that skips the schemas', async () => {
    const client = createGitHubClient(TOKEN, directClientOptions(github, { baseUrl: fake.url, signal: AbortSignal.timeout(5_000) }));
    const before = fake.requests.length;
    for (const request of [client.rest.repos.get({ owner: 'octo', repo: '..' }), client.rest.repos.getContent({ owner: 'octo', repo: 'hello', path: '.' }), client.rest.repos.listForUser({ username: '..' })]) {
      const error = await request.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/Refused before calling GitHub: .* `\.` or `\.\.`/) });
    }
    expect(fake.requests.length).toBe(before);
    expect((await client.rest.repos.get({ owner: 'octo', repo: '.github' })).data.full_name).toBe('octo/.github');
  });

  it('hasDotSegment sees dot segments however they are written, and only in the path', () => {
    for (const url of ['https://api.github.com/repos/octo/..', 'https://h/repos/./x', 'https://h/a/%2e%2E/b', 'https://h/a/.%2e', 'http://127.0.0.1:8/x/..?q=1']) expect(hasDotSegment(url), url).toBe(true);
    for (const url of ['https://api.github.com/repos/octo/.github', 'https://h/repos/octo/my.repo/contents/a..b', 'https://h/search?q=..', 'https://h/x#..', 'https://h/...']) expect(hasDotSegment(url), url).toBe(false);
  });
});

runPathSafetyContract('github', () => ({
  integration: github,
  credential: TOKEN,
  env: { MCPHUB_GITHUB_API_URL: fake.url },
  upstreamRequests: () => fake.requests.length,
  refused: [
    { tool: 'get_repository', args: { owner: 'octo', repo: '..' }, field: 'repo' },
    { tool: 'get_repository', args: { owner: 'octo', repo: '.' }, field: 'repo' },
    { tool: 'get_repository', args: { owner: 'octo', repo: 'hello%2F..' }, field: 'repo' },
    { tool: 'get_repository', args: { owner: '..', repo: 'hello' }, field: 'owner' },
    { tool: 'list_repositories', args: { owner: '../orgs/acme' }, field: 'owner' },
    { tool: 'create_issue', args: { owner: 'octo', repo: '..', title: 'Lands in another repository?' }, field: 'repo' },
    { tool: 'list_issues', args: { owner: 'octo', repo: 'a/../b' }, field: 'repo' },
    { tool: 'get_file_contents', args: { owner: 'octo', repo: 'hello', path: '..' }, field: 'path' },
    { tool: 'get_file_contents', args: { owner: 'octo', repo: 'hello', path: 'src/../../../../user' }, field: 'path' },
    { tool: 'get_file_contents', args: { owner: 'octo', repo: 'hello', path: '%2e%2e/%2e%2e' }, field: 'path' },
    { tool: 'get_file_contents', args: { owner: 'octo', repo: 'hello', path: 'README.md', ref: '../main' }, field: 'ref' },
    { tool: 'list_pull_requests', args: { owner: 'octo', repo: 'hello', base: '..' }, field: 'base' },
  ],
  accepted: [
    { tool: 'get_repository', args: { owner: 'a-b', repo: 'my.repo' } },
    { tool: 'get_repository', args: { owner: 'octo', repo: '.github' } },
    { tool: 'get_file_contents', args: { owner: 'octo', repo: 'hello', path: 'src/', ref: 'feature/login' } },
  ],
}));

runIntegrationContract('github', () => ({
  integration: github,
  credential: TOKEN,
  apiUrl: fake.url,
  calls: [
    { tool: 'get_me', args: {} },
    { tool: 'get_repository', args: { owner: 'octo', repo: 'hello' } },
    { tool: 'list_issues', args: { owner: 'octo', repo: 'hello' } },
  ],
  errors: {
    UPSTREAM_AUTH_REJECTED: { tool: 'get_me', args: {}, credential: 'ghp_revokedToken000000000000000000000099' },
    UPSTREAM_FORBIDDEN: { tool: 'get_repository', args: { owner: 'octo', repo: 'forbidden' } },
    UPSTREAM_NOT_FOUND: { tool: 'get_repository', args: { owner: 'octo', repo: 'missing' } },
    UPSTREAM_BAD_REQUEST: { tool: 'create_issue', args: { owner: 'octo', repo: 'invalid', title: 'x' } },
    UPSTREAM_RATE_LIMITED: { tool: 'get_repository', args: { owner: 'octo', repo: 'rate-limited' } },
    UPSTREAM_UNAVAILABLE: { tool: 'get_repository', args: { owner: 'octo', repo: 'broken' } },
  },
  slow: { tool: 'get_repository', args: { owner: 'octo', repo: 'slow' }, timeoutMs: 300 },
}));
