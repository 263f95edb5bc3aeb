/**
 * Issue 11's attack, bounded, against a real `mcphub serve` process on real
 * sockets: a few hundred connections from another loopback address (127.0.0.2)
 * send complete headers declaring a 1 MB body and then drip it, with no API
 * key. The hub answers each from its headers and closes it, so it holds none
 * of them; meanwhile an authenticated SDK client on 127.0.0.1 keeps calling a
 * tool and /healthz keeps answering. (bench/slow-body-flood.ts runs the
 * full-size flood and measures latency.)
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';
import { slowBody, type SlowBodyOutcome } from '../helpers/slow-client.ts';

const TOKEN = 'ghp_floodToken00000000000000000000000001';
const FLOOD = 300;
const ATTACKER = '127.0.0.2';
let fake: FakeGitHub;
let hub: HubProcess;
let alice: Account;

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'alice');
  hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'info', MCPHUB_BODY_TIMEOUT_MS: '500' });
  alice = await createAccount(hub, 'alice@example.com', TOKEN);
});

afterAll(async () => {
  await hub?.stop();
  await fake?.close();
});

const port = () => Number(new URL(hub.url).port);
const openSockets = () => readdirSync(`/proc/${hub.pid}/fd`).length;

it('answers slow bodies without a key from their headers and closes them, while an authenticated client is served', async () => {
  const client = await connectClient(hub.mcpUrl, alice.key);
  const before = openSockets();
  // Giving up after 4 s, well inside Bun's idle timeout (8–12 s), so only the hub's own close counts.
  const flood = Array.from({ length: FLOOD }, () => slowBody({ port: port(), localAddress: ATTACKER, dripMs: 200, giveUpMs: 4_000 }));
  let floodDone = false;
  const outcomes = Promise.all(flood).finally(() => (floodDone = true));

  let calls = 0;
  let health = 0;
  while (!floodDone || calls < 3) {
    const me = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(textOf(me)).toContain('alice');
    calls += 1;
    const response = await fetch(`${hub.url}/healthz`);
    expect(response.status).toBe(200);
    health += 1;
  }
  await client.close();

  const results: SlowBodyOutcome[] = await outcomes;
  // The first MCPHUB_AUTH_FAILURES_PER_MINUTE (30) get 401, the rest 429 without their key being looked at.
  expect(results.filter((r) => r.status === 401)).toHaveLength(30);
  expect(results.filter((r) => r.status === 429)).toHaveLength(FLOOD - 30);
  // Every one was closed by the hub with most of its body still owed; none was held until the client gave up.
  expect(results.every((r) => r.closedByServer && r.bodyBytesSent < 1_000)).toBe(true);
  expect(calls).toBeGreaterThanOrEqual(3);
  expect(health).toBe(calls);
  // The hub holds no socket for them: its descriptor count is back where it was (give or take its own keep-alives).
  expect(openSockets()).toBeLessThanOrEqual(before + 5);
  // Refusals are logged a few lines per window, not one per request.
  expect(hub.stderr().split('\n').filter((line) => line.includes('refused at the edge')).length).toBeLessThanOrEqual(2);
});

it('gives an authenticated client that drips its body 408 at MCPHUB_BODY_TIMEOUT_MS and closes the connection', async () => {
  const outcome = await slowBody({ port: port(), headers: { authorization: `Bearer ${alice.key}`, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list', accept: 'application/json, text/event-stream' }, dripMs: 100, giveUpMs: 4_000 });
  expect(outcome).toMatchObject({ status: 408, closedByServer: true });
});
