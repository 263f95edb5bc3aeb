/** The in-process harness itself: a real SDK client through app.handle, on both protocol revisions. */
import { afterAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/hub-process.ts';
import { startGitHubHub } from '../helpers/in-process-hub.ts';

const { hub, alice, close } = await startGitHubHub();
afterAll(close);

describe.each(['modern', 'legacy'] as const)('in-process hub (%s protocol)', (mode) => {
  it('lists and calls a tool through app.handle, recording one usage event', async () => {
    const client = await hub.connect(alice.key, mode);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('github__get_me');
    const before = (await hub.hub.store.listUsage({ userId: alice.userId })).length;
    const me = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(textOf(me)).toContain('alice');
    expect(await hub.hub.store.listUsage({ userId: alice.userId })).toHaveLength(before + 1);
    await client.close();
  });
});

it('answers /healthz', async () => {
  const response = await hub.request('/healthz');
  expect(await response.json()).toMatchObject({ status: 'ok', store: 'embedded' });
});
