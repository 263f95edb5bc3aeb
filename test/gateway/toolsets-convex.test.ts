/**
 * Toolsets on the Convex store, through the real gateway: an in-process hub
 * whose store is the Convex adapter over convex-test. A key bound to a
 * toolset lists exactly it, progressive mode lists the meta-tools, and a
 * toolset change reaches an open session as list_changed through the Convex
 * change feed — the same behaviour as on the embedded store.
 */
import { afterAll, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { startInProcessHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const store = openConvexStore({ caller: convexBackend(), secret: CONVEX_SECRET, pollIntervalMs: 50 });
const hub = await startInProcessHub({ store });
afterAll(() => hub.close());

it('lists exactly a bound key\'s toolset, then the meta-tools once the toolset goes progressive, told by list_changed', async () => {
  const ada = await hub.createAccount('ada@example.com');
  await hub.enable(ada.userId, 'github', 'ghp_unused_for_listing_only_000000000000');
  const toolset = await store.createToolset({ userId: ada.userId, name: 'Two', rules: [{ kind: 'tool', name: 'github__get_me' }, { kind: 'tool', name: 'github__get_issue' }], excludeDestructive: false, mode: 'flat' });
  const generated = generateApiKey();
  await store.createApiKey({ userId: ada.userId, name: 'bound', hash: generated.hash, prefix: generated.prefix, toolsetId: toolset.id });
  const counts: number[] = [];
  const client = await hub.connect(generated.key, 'modern', { onToolsChanged: (count) => counts.push(count) });
  try {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['github__get_issue', 'github__get_me']);
    await expect(client.callTool({ name: 'github__create_issue', arguments: { owner: 'o', repo: 'r', title: 't' } })).rejects.toThrow(/does not include it/);
    await store.updateToolset({ userId: ada.userId, id: toolset.id, mode: 'progressive' });
    await waitUntil(() => counts.includes(4), 2_000, 'list_changed with the four meta-tools');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['hub__search_tools', 'hub__describe_tool', 'hub__call_read_tool', 'hub__call_write_tool']);
  } finally {
    await client.close();
  }
});
