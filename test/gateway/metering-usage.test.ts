/**
 * The usage middleware on its own, over a real embedded store: it writes
 * exactly one event for whatever the rest of the pipeline hands it — even
 * values the argument limits and output bounds would never let through, so
 * it stays safe if either is bypassed (a remote server's tools, a new path).
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { afterAll, describe, expect, it } from 'vitest';
import { withUsage } from '../../lib/gateway/middleware/usage.ts';
import type { CallHandler, ToolCall } from '../../lib/gateway/pipeline.ts';
import type { Principal } from '../../lib/gateway/principals.ts';
import { createLogger } from '../../lib/log.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

const store = openEmbeddedStore({ dataDir: ':memory:', pollIntervalMs: 1_000 });
const logger = createLogger({ level: 'silent', write: () => {} });
afterAll(() => store.close());

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
const principal: Principal = { keyId: 'key_1', keyHash: 'hash', userId: 'usr_meter', email: 'meter@example.com', catalog: { listings: [], tools: [], resolve: () => undefined, describe: () => undefined, mode: 'flat', toolset: null }, storeArguments: false, plan: 'free' };
const call = (name: string, args: unknown): ToolCall => ({ principal, name, arguments: args, signal: new AbortController().signal });

async function eventsOf(run: () => Promise<unknown>) {
  const before = (await store.listUsage({ userId: principal.userId })).length;
  await run().catch(() => {});
  const after = await store.listUsage({ userId: principal.userId });
  return after.slice(0, after.length - before);
}

describe('withUsage', () => {
  it('records one event with the sizes of arguments and a result nested 40,000 levels deep', async () => {
    const deepResult: CallHandler = async () => ({
      integration: 'github',
      tool: 'get_me',
      result: { content: [{ type: 'text', text: 'ok' }], structuredContent: { value: nested(40_000) } },
      outcome: 'ok',
      upstreamMs: 3,
    });
    const events = await eventsOf(() => withUsage(store, logger)(deepResult)(call('github__get_me', { extra: nested(40_000) })));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, upstreamMs: 3, bytesIn: '{"extra":}'.length + 80_000 });
    expect(events[0]!.bytesOut).toBe('{"content":[{"type":"text","text":"ok"}],"structuredContent":{"value":}}'.length + 80_000);
  });

  it('records one internal_error event when the pipeline throws, and lets the error through', async () => {
    const failing: CallHandler = async () => {
      throw new Error('a bug after the upstream answered');
    };
    // Caught here, not inside eventsOf (which drops whatever run() throws, a failed expectation included).
    let thrown: unknown;
    const events = await eventsOf(() => withUsage(store, logger)(failing)(call('github__get_me', {})).catch((error: unknown) => void (thrown = error)));
    expect(thrown).toEqual(new Error('a bug after the upstream answered'));
    expect(events).toMatchObject([{ tool: 'get_me', outcome: 'internal_error', billable: false }]);
  });

  it('records an unknown tool as such, its name cut to 128 characters', async () => {
    const unknown: CallHandler = async () => {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Unknown tool');
    };
    const events = await eventsOf(() => withUsage(store, logger)(unknown)(call('x'.repeat(10_000), {})));
    expect(events).toMatchObject([{ integration: null, tool: 'x'.repeat(128), outcome: 'unknown_tool', billable: false }]);
  });
});
