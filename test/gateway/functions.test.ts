/**
 * `/fn/<slug>` facing strangers, in-process: what an unsigned flood costs in
 * log lines, a store that cannot check replays, and a function whose answer
 * has no end, as the gateway's HTTP executor reads it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../lib/crypto/signing.ts';
import { MAX_ANSWER_BYTES } from '../../lib/gateway/forward.ts';
import { createLogger } from '../../lib/log.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { createFunctions } from '../../lib/server/functions.ts';
import github from '../../integrations/github/index.ts';
import { textOf } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const SECRET = 'functions-test-forward-secret-0123456789';

describe('/fn refusals', () => {
  let hub: InProcessHub;
  beforeAll(async () => {
    hub = await startInProcessHub({ env: { MCPHUB_FORWARD_SECRET: SECRET } });
  });
  afterAll(() => hub.close());

  it('10,000 refused calls with a 16,000-character slug, and floods of unsigned and forged calls, write a few short lines', async () => {
    const slug = 'a'.repeat(16_000);
    const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const before = hub.logs.length;
    const statuses = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const response = await hub.request(`/fn/${slug}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      statuses.add(response.status);
      if (i === 0) expect(JSON.stringify(await response.json())).not.toContain(slug.slice(0, 100));
    }
    for (let i = 0; i < 1_000; i++) {
      await hub.request('/fn/github', { method: 'POST', body });
      await hub.request('/fn/github', { method: 'POST', headers: signedHeaders('not-the-secret-not-the-secret-0123', body), body });
    }
    expect([...statuses]).toEqual([404]);
    const lines = hub.logs.slice(before);
    // One line per reason per 10 s window: three reasons, a second window only if this ran for over 10 s.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(9);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(400);
    expect(lines.map((line) => line.reason ?? line.slugLength)).toEqual(expect.arrayContaining([16_000, 'bad_signature', 'missing']));
  });

  it('a signed call whose replay check cannot reach the store is refused with 503 and Retry-After, and the log says why', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const unreachable = { claimNonce: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3210')) };
    const { functions } = createFunctions(hub.config, createRegistry([github]), logger, unreachable);
    const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const response = await functions(new Request('http://127.0.0.1/fn/github', { method: 'POST', headers: signedHeaders(SECRET, body), body }), 'github');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: 'replay_check_unavailable', message: expect.stringContaining('Try again') });
    expect(lines.join('\n')).toContain('ECONNREFUSED');
  });
});

describe('a function whose answer has no end', () => {
  let server: ReturnType<typeof Bun.serve>;
  let cancelled = false;
  let hub: InProcessHub | null = null;
  beforeAll(() => {
    // Streams JSON-looking bytes until the reader stops, or 4× the cap at most.
    server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      reusePort: false,
      fetch() {
        let sent = 0;
        const chunk = new TextEncoder().encode('x'.repeat(65_536));
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent === 0) controller.enqueue(new TextEncoder().encode('{"result":{"content":[{"type":"text","text":"'));
            if (sent > 4 * MAX_ANSWER_BYTES) return controller.close();
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            cancelled = true;
          },
        });
        return new Response(stream, { headers: { 'content-type': 'application/json' } });
      },
    });
  });
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });
  afterAll(() => server.stop(true));

  it('is cut at the cap: the caller gets a tool error saying what to narrow, and the stream is cancelled', async () => {
    hub = await startInProcessHub({ env: { MCPHUB_FORWARD: 'http', MCPHUB_FORWARD_URL: `http://127.0.0.1:${server.port}`, MCPHUB_FORWARD_SECRET: SECRET } });
    const account = await hub.createAccount('big@example.com');
    await hub.enable(account.userId, 'github', 'ghp_bigAnswerToken00000000000000000001');
    const client = await hub.connect(account.key);
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    await client.close();
    expect(textOf(result)).toMatch(/answered with more than 8 MiB.*Narrow the request/);
    expect(result.isError).toBe(true);
    // The function learns of it when the gateway drops the connection.
    await waitUntil(() => cancelled, 10_000, 'the function stream cancelled');
    expect(hub.logs.some((line) => line.msg === 'integration function answer too large')).toBe(true);
  });
});
