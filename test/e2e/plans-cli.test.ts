/**
 * Plans from the operator's side, as real processes: `mcphub users set-plan`
 * against a running hub lifts a QUOTA_EXCEEDED refusal on an open MCP session
 * (a real SDK client) within a second; `users list` shows each user's plan;
 * `usage` shows the month against the limit; a plan the hub does not offer is
 * a wrong invocation (exit 2) naming the plans it does.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN = 'ghp_plansCliToken00000000000000000000000001';
const GET_ME = { name: 'github__get_me', arguments: {} };
let fake: FakeGitHub;
let hub: HubProcess;
let account: Account;
let client: Client;

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'octo');
  hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'warn', MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: 1, callsPerMinute: 1_000, burst: 1_000 }]) });
  account = await createAccount(hub, 'ada@example.com', TOKEN);
  client = await connectClient(hub.mcpUrl, account.key);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await hub?.stop();
  await fake?.close();
});

describe('mcphub users set-plan', () => {
  it('lifts the quota refusal on a running session within a second, and shows in users list and usage', async () => {
    expect((await client.callTool(GET_ME)).isError).toBeFalsy();
    expect(textOf(await client.callTool(GET_ME))).toMatch(/^QUOTA_EXCEEDED: You have used 1 of the 1 tool calls the Free plan includes/);
    const usage = await hub.cli(['usage', '--user', 'ada@example.com']);
    expect(usage.stdout).toMatch(/Plan: Free — 1 of 1 billable calls in \d{4}-\d\d; resets \d{4}-\d\d-01 \(UTC\), then refused\./);

    const set = await hub.cli(['users', 'set-plan', '--user', 'ada@example.com', '--plan', 'pro']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe('ada@example.com is on the Pro plan (pro) now, was Free. A running hub applies it within a second.');
    const changed = Date.now();
    await waitUntil(async () => !(await client.callTool(GET_ME)).isError, 1_000, 'a call on the pro plan');
    expect(Date.now() - changed).toBeLessThan(1_000);

    const list = await hub.cli(['users', 'list']);
    expect(list.stdout).toMatch(/\bPLAN\b/);
    expect(list.stdout.split('\n').find((line) => line.includes('ada@example.com'))).toMatch(/\bpro\b/);
    expect(JSON.parse((await hub.cli(['users', 'list', '--json'])).stdout)).toEqual([expect.objectContaining({ email: 'ada@example.com', plan: 'pro' })]);
  }, 30_000);

  it('refuses a plan the hub does not offer with exit 2, naming the ones it does, and an unknown user with exit 1', async () => {
    const wrong = await hub.cli(['users', 'set-plan', '--user', 'ada@example.com', '--plan', 'gold']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"gold" is not a plan on this hub. Choose one of: free, pro, team, enterprise.');
    const nobody = await hub.cli(['users', 'set-plan', '--user', 'nobody@example.com', '--plan', 'pro']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No user with email nobody@example.com.');
    const missing = await hub.cli(['users', 'set-plan', '--user', 'ada@example.com']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--plan');
  }, 30_000);
});
