/**
 * The credential-attention middleware on its own: only a call whose service
 * refused the stored credential marks the connection, at most once per
 * connection per minute (one connection's marks never hold back another's),
 * and a mark the store failed to write is tried again on the next refusal.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../lib/gateway/catalog.ts';
import { withCredentialAttention } from '../../lib/gateway/middleware/attention.ts';
import type { ToolCall, ToolCallOutcome } from '../../lib/gateway/pipeline.ts';
import { createLogger } from '../../lib/log.ts';
import type { ConnectionAttention } from '../../lib/store/port.ts';

const catalog: Catalog = { listings: [], tools: [], resolve: () => undefined, describe: () => undefined, mode: 'flat', toolset: null };
const callOf = (userId: string): ToolCall => ({ principal: { keyId: 'key_1', keyHash: 'h', userId, email: `${userId}@example.com`, catalog, storeArguments: false, plan: 'free' }, name: 'github__get_me', arguments: {}, signal: new AbortController().signal });
const refused: ToolCallOutcome = { result: { content: [], isError: true }, outcome: 'upstream_error', integration: 'github', tool: 'get_me', upstreamMs: 1, credentialRejected: 'The GitHub token was rejected (401: Bad credentials).' };
const failedOtherwise: ToolCallOutcome = { ...refused, credentialRejected: undefined };

function harness() {
  let now = 1_000_000;
  let failNext = false;
  const marks: Array<{ userId: string; slug: string } & ConnectionAttention> = [];
  const lines: string[] = [];
  const store = {
    async markConnectionAttention(input: { userId: string; slug: string } & ConnectionAttention) {
      if (failNext) {
        failNext = false;
        throw new Error('store down');
      }
      marks.push(input);
      return true;
    },
  };
  let answer = refused;
  const handler = withCredentialAttention(store, createLogger({ level: 'debug', write: (line) => lines.push(line) }), () => now)(async () => answer);
  // The mark is written after the answer; a macrotask lets its promise settle.
  const run = async (userId = 'usr_ada') => {
    await handler(callOf(userId));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { marks, lines, run, advance: (ms: number) => (now += ms), failNext: () => (failNext = true), answer: (next: ToolCallOutcome) => (answer = next) };
}

describe('withCredentialAttention', () => {
  it('marks the connection with the service\'s reason on a refused credential, once a minute per connection', async () => {
    const h = harness();
    await h.run();
    await h.run();
    h.advance(59_999);
    await h.run();
    expect(h.marks).toEqual([{ userId: 'usr_ada', slug: 'github', kind: 'needs_reconnect', reason: 'The GitHub token was rejected (401: Bad credentials).', at: 1_000_000 }]);
    await h.run('usr_bob');
    h.advance(1);
    await h.run();
    expect(h.marks.map((m) => [m.userId, m.at])).toEqual([['usr_ada', 1_000_000], ['usr_bob', 1_059_999], ['usr_ada', 1_060_000]]);
  });

  it('writes nothing for a success or another failure', async () => {
    const h = harness();
    h.answer({ ...refused, outcome: 'ok', credentialRejected: undefined, result: { content: [] } });
    await h.run();
    h.answer(failedOtherwise);
    await h.run();
    expect(h.marks).toEqual([]);
  });

  it('tries again on the next refusal when the store could not write the mark, and logs why', async () => {
    const h = harness();
    h.failNext();
    await h.run();
    expect(h.marks).toEqual([]);
    expect(h.lines.join('\n')).toContain('could not mark a connection as needing attention');
    await h.run();
    expect(h.marks).toHaveLength(1);
  });
});
