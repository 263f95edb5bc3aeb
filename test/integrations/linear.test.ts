/**
 * Every Linear tool through the real executor and the real `@linear/sdk`
 * models, against a Linear-shaped GraphQL fake on 127.0.0.1
 * (MCPHUB_LINEAR_API_URL's job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import linear from '../../integrations/linear/index.ts';
import { runIntegrationContract } from '../contract/integration-contract.ts';
import { runPathSafetyContract } from '../contract/path-safety.ts';
import { startFakeLinear, type FakeLinear } from '../helpers/fake-linear/index.ts';
import { captureLogger } from '../helpers/logs.ts';
import { createToolRunner, directClientOptions } from '../helpers/run-tool.ts';

const TOKEN = 'lin_api_aliceKey0123456789abcdefghijklmnopqrstuv';
const BOB_TOKEN = 'lin_api_bobKey0123456789abcdefghijklmnopqrstuvwx';
let fake: FakeLinear;
const { logger, lines } = captureLogger();

beforeAll(() => {
  fake = startFakeLinear({ slowMs: 2_000 });
  fake.tokens.set(TOKEN, 'alice');
  fake.tokens.set(BOB_TOKEN, 'bob');
});
afterAll(() => fake.close());

const call = createToolRunner(linear, { apiUrl: () => fake.url, credential: TOKEN, logger });
const { registry } = call;

/** Every result is checked for the keys, so a leak anywhere fails the test that caused it. */
function expectNoKey(r: { text: string; structured?: unknown }) {
  for (const key of [TOKEN, BOB_TOKEN]) {
    expect(r.text).not.toContain(key);
    expect(JSON.stringify(r.structured ?? {})).not.toContain(key);
  }
}

describe('linear tools', () => {
  it('has at least 10 tools', () => {
    expect(linear.tools.length).toBeGreaterThanOrEqual(10);
  });

  it('get_me names the key owner and sends the key bare, as Linear personal keys are', async () => {
    const r = await call('get_me', {});
    expect(r.outcome).toBe('ok');
    expect(r.structured).toMatchObject({ displayName: 'alice', email: 'alice@acme.test', isMe: true, admin: true });
    expect(r.text).toContain('Signed in to Linear as alice');
    expect(r.upstreamMs).toBeGreaterThan(0);
    expect(fake.requests.at(-1)).toMatchObject({ operation: 'viewer', token: TOKEN });
    expectNoKey(r);
  });

  it('sends an OAuth access token (lin_oauth_…) as a bearer token, as Linear requires of OAuth', async () => {
    const oauthToken = 'lin_oauth_carolAccess0123456789abcdefghijklmno';
    fake.tokens.set(oauthToken, 'carol');
    const r = await createToolRunner(linear, { apiUrl: () => fake.url, credential: oauthToken, logger })('get_me', {});
    expect(r.outcome).toBe('ok');
    expect(fake.requests.at(-1)).toMatchObject({ operation: 'viewer', token: `Bearer ${oauthToken}` });
  });

  it('list_teams and list_users page with cursors', async () => {
    const teams = await call('list_teams', {});
    expect(teams.structured?.teams.map((t: { key: string }) => t.key)).toEqual(['ENG', 'DES']);
    expect(teams.text).toContain('ENG Engineering');
    const page1 = await call('list_users', { first: 2 });
    expect(page1.structured?.users.map((u: { displayName: string }) => u.displayName)).toEqual(['alice', 'bob']);
    expect(page1.structured?.hasNextPage).toBe(true);
    expect(page1.text).toContain(`call again with after: "${page1.structured?.endCursor}"`);
    const page2 = await call('list_users', { first: 2, after: page1.structured?.endCursor });
    expect(page2.structured?.users.map((u: { displayName: string }) => u.displayName)).toEqual(['carol']);
    expect(page2.structured?.hasNextPage).toBe(false);
    const all = await call('list_users', { include_deactivated: true, query: 'DAVE' });
    expect(all.structured?.users).toMatchObject([{ displayName: 'dave', active: false }]);
  });

  it('list_workflow_states lists a team\'s states in board order', async () => {
    const r = await call('list_workflow_states', { team: 'eng' });
    expect(r.structured?.states.map((s: { name: string }) => s.name)).toEqual(['Backlog', 'Todo', 'In Progress', 'Done', 'Canceled']);
    expect(r.text).toContain('In Progress (started)');
  });

  it('list_issues filters by team, state, assignee, project and priority, resolving names in batches', async () => {
    const before = fake.requests.length;
    const mine = await call('list_issues', { team: 'ENG', assignee: 'me', first: 100 });
    expect(mine.structured?.issues).toHaveLength(10);
    expect(mine.structured?.issues.every((i: { assignee: string }) => i.assignee === 'alice')).toBe(true);
    // One issues query plus one batched query each for states, users and projects, however many issues.
    expect(fake.requests.slice(before).map((r) => r.operation).sort()).toEqual(['issues', 'projects', 'users', 'workflowStates']);
    const first = mine.structured?.issues[0];
    expect(first).toMatchObject({ identifier: 'ENG-30', state: 'Todo', stateType: 'unstarted', priority: 'No priority', url: expect.stringContaining('/issue/ENG-30/') });
    expect(mine.text).toMatch(/^10 issues:\nENG-30 Seeded issue 30 \(Todo, No priority\) → alice/);

    const inProgress = await call('list_issues', { team: 'ENG', state: 'in progress', assignee: 'bob@acme.test', priority: 'urgent' });
    expect(inProgress.structured?.issues.map((i: { identifier: string }) => i.identifier)).toEqual(['ENG-16', 'ENG-1']);
    const unassigned = await call('list_issues', { team: 'ENG', assignee: 'none', project: 'launch', state_type: 'backlog' });
    expect(unassigned.structured?.issues).toMatchObject([{ identifier: 'ENG-8', assignee: null, project: 'Launch', state: 'Backlog' }]);
  });

  it('list_issues pages with after', async () => {
    const page1 = await call('list_issues', { team: 'ENG', first: 20 });
    expect(page1.structured?.hasNextPage).toBe(true);
    const page2 = await call('list_issues', { team: 'ENG', first: 20, after: page1.structured?.endCursor });
    expect(page2.structured?.hasNextPage).toBe(false);
    expect(page2.text).toContain('No more pages.');
    const ids = [...page1.structured?.issues, ...page2.structured?.issues].map((i: { identifier: string }) => i.identifier);
    expect(new Set(ids).size).toBe(30);
  });

  it('search_issues finds by words, optionally within a team', async () => {
    const r = await call('search_issues', { query: 'login timeout' });
    expect(r.structured).toMatchObject({ totalCount: 1, issues: [{ identifier: 'ENG-2', title: 'Login timeout on slow networks' }] });
    const none = await call('search_issues', { query: 'login', team: 'DES' });
    expect(none.structured?.totalCount).toBe(0);
    expect(none.text).toContain('(none)');
    const byComment = await call('search_issues', { query: 'reproduce', include_comments: true });
    expect(byComment.structured?.issues.map((i: { identifier: string }) => i.identifier)).toEqual(['ENG-1']);
  });

  it('get_issue returns details, labels and comments, and cuts a long description', async () => {
    const r = await call('get_issue', { issue: 'eng-1' });
    expect(r.structured).toMatchObject({ identifier: 'ENG-1', assignee: 'bob', creator: 'alice', state: 'In Progress', priority: 'Urgent', labels: [], moreComments: false });
    expect(r.structured?.comments).toMatchObject([{ author: 'bob', body: 'I can reproduce this.' }, { author: 'alice', body: 'Fix is on the way.' }]);
    expect(r.text).toContain('The first issue.');
    expect(r.text).toContain('[truncated: showing 4000 of');
    expect(r.text).toContain('— bob at 2026-11-01T12:00:00.000Z:\nI can reproduce this.');
    const labelled = await call('get_issue', { issue: 'ENG-2', comments: 0 });
    expect(labelled.structured?.labels).toEqual(['bug']);
    expect(labelled.structured?.comments).toEqual([]);
  });

  it('create_issue resolves team, assignee, state and project names, then update_issue and add_comment change it', async () => {
    const created = await call('create_issue', { team: 'ENG', title: 'Crash on start', description: 'Steps…', priority: 'high', assignee: 'bob', state: 'In Progress', project: 'Launch' });
    expect(created.outcome).toBe('ok');
    expect(created.structured).toMatchObject({ identifier: 'ENG-31', title: 'Crash on start', state: 'In Progress', assignee: 'bob', priority: 'High', project: 'Launch' });
    expect(created.text).toMatch(/^Created ENG-31 Crash on start/);

    const moved = await call('update_issue', { issue: 'ENG-31', state: 'Done', assignee: 'me', priority: 'low' });
    expect(moved.structured).toMatchObject({ identifier: 'ENG-31', state: 'Done', assignee: 'alice', priority: 'Low' });
    const unassigned = await call('update_issue', { issue: 'ENG-31', assignee: 'none', title: 'Crash on start (fixed)' });
    expect(unassigned.structured).toMatchObject({ assignee: null, title: 'Crash on start (fixed)', state: 'Done' });

    const comment = await call('add_comment', { issue: 'ENG-31', body: 'Shipped in 1.2.' }, { token: BOB_TOKEN });
    expect(comment.structured).toMatchObject({ issue: 'ENG-31', url: expect.stringContaining('/issue/ENG-31/') });
    const read = await call('get_issue', { issue: 'ENG-31' });
    expect(read.structured?.comments).toMatchObject([{ author: 'bob', body: 'Shipped in 1.2.' }]);
    expect(fake.requests.filter((r) => r.operation === 'createComment').map((r) => r.token)).toEqual([BOB_TOKEN]);
  });

  it('names that match nothing say which tool lists the valid ones', async () => {
    const team = await call('create_issue', { team: 'NOPE', title: 'x' });
    expect(team.text).toMatch(/No Linear team with key "NOPE".*list_teams/);
    const state = await call('update_issue', { issue: 'ENG-3', state: 'Shipped' });
    expect(state.text).toMatch(/no workflow state named "Shipped".*list_workflow_states/);
    const user = await call('list_issues', { assignee: 'nobody@acme.test' });
    expect(user.structured?.issues).toEqual([]);
    const nothing = await call('update_issue', { issue: 'ENG-3' });
    expect(nothing.outcome).toBe('invalid_arguments');
  });

  it('list_projects filters by team and status and names the lead', async () => {
    const all = await call('list_projects', {});
    expect(all.structured?.projects.map((p: { name: string }) => p.name)).toEqual(['Launch', 'Website', 'Migration']);
    const eng = await call('list_projects', { team: 'ENG', status: 'started' });
    expect(eng.structured?.projects).toMatchObject([{ name: 'Launch', state: 'started', progress: 40, lead: 'alice', targetDate: '2026-12-15' }]);
    expect(eng.text).toContain('Launch (started, 40% done, target 2026-12-15) lead alice');
  });

  it('list_cycles gives the current, next or all cycles of a team', async () => {
    const current = await call('list_cycles', { team: 'ENG', which: 'current' });
    expect(current.structured?.cycles).toMatchObject([{ number: 3, name: 'Polish', status: 'current', progress: 55 }]);
    expect(current.text).toContain('Cycle 3 "Polish" (current) 2026-11-01 → 2026-11-15, 55% done');
    const next = await call('list_cycles', { team: 'ENG', which: 'next' });
    expect(next.structured?.cycles.map((c: { number: number }) => c.number)).toEqual([4]);
    const all = await call('list_cycles', { team: 'ENG', first: 3 });
    expect(all.structured?.cycles).toHaveLength(3);
    expect(all.structured?.hasNextPage).toBe(true);
    const off = await call('list_cycles', { team: 'DES' });
    expect(off.text).toContain('cycles are turned off for DES');
  });
});

describe('linear error mapping', () => {
  it('authentication error: key rejected, with how to reconnect', async () => {
    const r = await call('get_me', {}, { token: 'lin_api_revokedKey0123456789abcdefghijklmnopq' });
    expect(r.result.isError).toBe(true);
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Linear API key was rejected \(You need to authenticate/);
    expect(r.text).toMatch(/mcphub integrations enable linear --user <you> --token-stdin/);
  });

  it('RATELIMITED: says when the request budget resets', async () => {
    const r = await call('get_issue', { issue: 'LIMIT-1' });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Linear rate limit reached .* resets in [45] min \(at \d\d:\d\d:\d\d UTC\)/);
  });

  it('FORBIDDEN: names the scope and access', async () => {
    const r = await call('get_issue', { issue: 'SECRET-1' });
    expect(r.text).toMatch(/Linear refused this request \(You don't have access to this team\.\)/);
  });

  it('Entity not found: says what to check', async () => {
    const r = await call('get_issue', { issue: 'ENG-999' });
    expect(r.text).toMatch(/Linear found nothing there \(Could not find referenced Issue\.\)/);
  });

  it('invalid input: Linear\'s explanation is passed on', async () => {
    const r = await call('create_issue', { team: 'ENG', title: 'x', assignee: 'carol' });
    expect(r.text).toMatch(/Linear rejected the request \(Assignee is not a member of the issue's team\.\)/);
  });

  it('5xx: upstream trouble', async () => {
    const r = await call('get_issue', { issue: 'BROKEN-1' });
    expect(r.text).toMatch(/Linear is having trouble \(HTTP 502\)/);
  });

  it('timeout: stops waiting and says so', async () => {
    const r = await call('get_issue', { issue: 'SLOW-1' }, { timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    expect(r.text).toMatch(/Linear did not answer within 300 ms/);
  });

  it('network failure: cannot reach Linear', async () => {
    const r = await call('get_me', {}, { apiUrl: 'http://127.0.0.1:9/graphql' });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Could not reach Linear \(network error\)/);
  });

  it('a URL that is not a Linear endpoint is reported as such, not as a bad key', async () => {
    const r = await call('get_me', {}, { apiUrl: fake.url.replace(/\/graphql$/, '/nope') });
    expect(r.text).toMatch(/not a Linear GraphQL endpoint. Check MCPHUB_LINEAR_API_URL/);
  });

  it('refuses to send the key over plain http to anything but localhost', () => {
    const signal = new AbortController().signal;
    expect(() => linear.createClient(TOKEN, directClientOptions(linear, { signal, baseUrl: 'http://linear.example.com/graphql' }))).toThrow(/must use https/);
    expect(() => linear.createClient(TOKEN, directClientOptions(linear, { signal, baseUrl: 'https://linear.example.com/graphql' }))).not.toThrow();
  });

  it('never writes a key to a log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(BOB_TOKEN);
  });
});

runPathSafetyContract('linear', () => ({
  integration: linear,
  credential: TOKEN,
  env: { MCPHUB_LINEAR_API_URL: fake.url },
  upstreamRequests: () => fake.requests.length,
  refused: [
    { tool: 'get_issue', args: { issue: '..' }, field: 'issue' },
    { tool: 'add_comment', args: { issue: 'ENG-1/../ENG-2', body: 'Which issue gets this?' }, field: 'issue' },
    // The old UUID pattern was [0-9a-f-]{36}: any 36 hex digits and dashes, 36 dashes included.
    { tool: 'update_issue', args: { issue: '-'.repeat(36), title: 'x' }, field: 'issue' },
    { tool: 'list_workflow_states', args: { team: '.' }, field: 'team' },
  ],
  accepted: [
    { tool: 'get_issue', args: { issue: 'eng-1', comments: 0 } },
    { tool: 'get_issue', args: { issue: '00000000-0000-4000-8007-000000000001', comments: 0 } },
  ],
}));

runIntegrationContract('linear', () => ({
  integration: linear,
  credential: TOKEN,
  apiUrl: fake.url,
  calls: [
    { tool: 'get_me', args: {} },
    { tool: 'list_issues', args: { team: 'ENG' } },
    { tool: 'get_issue', args: { issue: 'ENG-1' } },
  ],
  errors: {
    UPSTREAM_AUTH_REJECTED: { tool: 'get_me', args: {}, credential: 'lin_api_revokedKey0000000000000000000000000099' },
    UPSTREAM_FORBIDDEN: { tool: 'get_issue', args: { issue: 'SECRET-1' } },
    UPSTREAM_NOT_FOUND: { tool: 'get_issue', args: { issue: 'ENG-999' } },
    UPSTREAM_BAD_REQUEST: { tool: 'create_issue', args: { team: 'ENG', title: 'x', assignee: 'carol' } },
    UPSTREAM_RATE_LIMITED: { tool: 'get_issue', args: { issue: 'LIMIT-1' } },
    UPSTREAM_UNAVAILABLE: { tool: 'get_issue', args: { issue: 'BROKEN-1' } },
  },
  slow: { tool: 'get_issue', args: { issue: 'SLOW-1' }, timeoutMs: 300 },
}));
