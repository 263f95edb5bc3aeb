/**
 * Usage is never lost (DESIGN.md): a hub killed outright (SIGKILL) while it
 * answers calls has, once started again on the same data dir, a usage event
 * for every call it answered. The spool journals each event before the
 * response and commits it to hub.db a few milliseconds later; the kill lands
 * in that window for some of them, and the restart commits what it left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, freePort, startHub, textOf } from '../helpers/hub-process.ts';
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN = 'ghp_crashTestToken000000000000000000001';
const CALLERS = 8;
const KILL_AFTER_MS = 1_500;

let fake: FakeGitHub;
let dataDir: string;

beforeAll(() => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'crash');
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-crash-'));
});

afterAll(async () => {
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('every call answered before a SIGKILL has its usage event after the restart, and none is counted twice', async () => {
  const env = { MCPHUB_GITHUB_API_URL: fake.url, ...NO_PLAN_LIMITS };
  const port = await freePort();
  const hub = await startHub(env, { dataDir, port });
  const account = await createAccount(hub, 'crash@example.com', TOKEN);
  const clients: Client[] = await Promise.all(Array.from({ length: CALLERS }, () => connectClient(hub.mcpUrl, account.key)));

  let killed = false;
  let started = 0;
  let answered = 0;
  const caller = async (client: Client) => {
    while (!killed) {
      started += 1;
      try {
        const result = await client.callTool({ name: 'github__get_me', arguments: {} });
        if (!result.isError && textOf(result).includes('crash')) answered += 1;
      } catch {
        return; // the hub is gone
      }
    }
  };
  const calling = Promise.all(clients.map(caller));
  await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
  process.kill(hub.pid, 'SIGKILL');
  killed = true;
  await calling;
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  expect(answered).toBeGreaterThan(100);

  const again = await startHub(env, { dataDir, port });
  try {
    const calls = async () => JSON.parse((await again.cli(['usage', '--user', account.email, '--json'])).stdout).totals.calls as number;
    // Every answered call; at most every call started (one in flight at the kill may have reached the upstream, unanswered).
    await waitUntil(async () => (await calls()) >= answered, 10_000, `${answered} calls in the usage of the restarted hub`);
    expect(await calls()).toBeLessThanOrEqual(started);
    expect(again.stdout() + again.stderr()).not.toContain('rejected.jsonl');
  } finally {
    expect(await again.stop()).toBe(0);
  }
});
