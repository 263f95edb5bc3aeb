/**
 * One GitHub client per token serves every call the executor runs
 * (integrations/github/client.ts over lib/mcp/upstream-scope.ts), so each
 * request must still go through its own call's metered fetch and signal:
 * one call's timeout or cancellation never reaches another call on the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../integrations/github/client.ts';
import github from '../../integrations/github/index.ts';
import { createLogger } from '../../lib/log.ts';
import { runUpstreamCall } from '../../lib/mcp/upstream-scope.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { createToolRunner, directClientOptions } from '../helpers/run-tool.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN = 'ghp_clientReuseToken00000000000000000001';
let fake: FakeGitHub;

beforeAll(() => {
  fake = startFakeGitHub({ slowMs: 2_000 });
  fake.tokens.set(TOKEN, 'alice');
});
afterAll(async () => {
  fake.releaseHeld();
  await fake.close();
});

const run = createToolRunner(github, { apiUrl: () => fake.url, credential: TOKEN, logger: createLogger({ level: 'silent' }) });
const HELLO = { owner: 'octo', repo: 'hello' };

describe('a GitHub client shared by the calls on one token', () => {
  it('times out only the call that was slow: the next calls on the token succeed, each metered on its own', async () => {
    expect((await run('get_repository', { owner: 'octo', repo: 'slow' }, { timeoutMs: 100 })).outcome).toBe('timeout');
    const after = await Promise.all([run('get_repository', HELLO), run('get_repository', HELLO)]);
    expect(after.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(after.every((r) => r.upstreamMs > 0)).toBe(true);
  });

  it('cancels only the call whose caller hung up, not the one running beside it', async () => {
    const hangUp = new AbortController();
    const held = run('get_repository', { owner: 'octo', repo: 'hang' }, { signal: hangUp.signal });
    await waitUntil(() => fake.held() === 1, 5_000, 'the call held at the fake');
    const beside = run('get_repository', HELLO);
    hangUp.abort();
    expect((await held).outcome).toBe('cancelled');
    expect((await beside).outcome).toBe('ok');
    await waitUntil(() => fake.held() === 0, 5_000, 'the fake to see the cancelled request go');
  });
});

describe('reused GitHub clients', () => {
  const options = directClientOptions(github, { baseUrl: 'http://127.0.0.1:9', signal: new AbortController().signal });
  const inCall = <T>(work: () => T) => runUpstreamCall({ fetch, signal: options.signal }, work);

  it('are one per token inside a tool call, at most 1,000 of them, and never shared outside one', () => {
    const first = inCall(() => createGitHubClient('ghp_reuse_first', options));
    expect(inCall(() => createGitHubClient('ghp_reuse_first', options))).toBe(first);
    expect(inCall(() => createGitHubClient('ghp_reuse_other', options))).not.toBe(first);
    expect(createGitHubClient('ghp_reuse_first', options)).not.toBe(first);
    for (let i = 0; i < 1_000; i++) inCall(() => createGitHubClient(`ghp_reuse_${i}`, options));
    expect(inCall(() => createGitHubClient('ghp_reuse_first', options))).not.toBe(first);
  });
});
