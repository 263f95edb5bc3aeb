/**
 * The settings the Integrations page renders, in-process: GET /integrations
 * lists each integration's settings with the value in force for the signed-in
 * user (the default until they change it), a PATCH shows up there for that
 * user only, a refused value names the setting and its bounds (422) and
 * changes nothing, and another user can neither read nor change them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { createSignedIn, type Browser } from './helpers.ts';

interface ListedSetting { name: string; type: string; value: unknown; default: unknown; set: boolean; description: string }
interface Listed { slug: string; status: string; settings: ListedSetting[] }

let hub: InProcessHub;
let ada: Browser;
let bob: Browser;

beforeAll(async () => {
  hub = await startInProcessHub();
  ada = await createSignedIn(hub, 'ada@example.com');
  bob = await createSignedIn(hub, 'bob@example.com', 'member');
});
afterAll(() => hub.close());

const postgresOf = async (browser: Browser): Promise<Listed> => ((await (await browser.api('/integrations?q=postgres')).json()) as { items: Listed[] }).items[0]!;
const valuesOf = (listed: Listed) => Object.fromEntries(listed.settings.map((s) => [s.name, [s.value, s.set]]));

describe('integration settings in the catalog', () => {
  it('lists the declared settings with their type, default and description, at the defaults before connecting', async () => {
    const postgres = await postgresOf(ada);
    expect(postgres.status).toBe('not_connected');
    expect(postgres.settings).toEqual([
      { name: 'allow_writes', type: 'boolean', value: false, default: false, set: false, description: expect.stringContaining('execute_sql') },
      { name: 'statement_timeout_ms', type: 'number', value: 15_000, default: 15_000, set: false, description: expect.stringContaining('milliseconds') },
    ]);
    const github = ((await (await ada.api('/integrations?q=github')).json()) as { items: Listed[] }).items[0]!;
    expect(github.settings).toEqual([]);
  });

  it("shows a change to the user who made it, and not to another user, who can neither change nor see it", async () => {
    await hub.enable(ada.userId, 'postgres', 'postgres://ada@127.0.0.1:1/shop');
    await hub.enable(bob.userId, 'postgres', 'postgres://bob@127.0.0.1:1/shop');
    const changed = await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: true, statement_timeout_ms: 2_000 } } });
    expect(changed.status).toBe(200);
    expect(valuesOf(await postgresOf(ada))).toEqual({ allow_writes: [true, true], statement_timeout_ms: [2_000, true] });
    expect(valuesOf(await postgresOf(bob))).toEqual({ allow_writes: [false, false], statement_timeout_ms: [15_000, false] });

    // Bob's PATCH changes his own connection only; ada's values stay.
    expect((await bob.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: false } } })).status).toBe(200);
    expect(valuesOf(await postgresOf(ada))).toEqual({ allow_writes: [true, true], statement_timeout_ms: [2_000, true] });
    await bob.api('/integrations/postgres', { method: 'DELETE' });
    expect((await bob.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: true } } })).status).toBe(404);
    expect((await hub.hub.store.listConnections(ada.userId)).find((c) => c.slug === 'postgres')?.settings).toEqual({ allow_writes: true, statement_timeout_ms: 2_000 });
  });

  it('refuses a value out of bounds naming the setting (422) and keeps what was stored; setting the default drops the stored value', async () => {
    const refused = await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { statement_timeout_ms: 5 } } });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('statement_timeout_ms');
    const wrongType = await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: 'maybe' } } });
    expect(wrongType.status).toBe(422);
    expect(((await wrongType.json()) as { error: { message: string } }).error.message).toContain('allow_writes is on or off');
    expect(valuesOf(await postgresOf(ada))).toEqual({ allow_writes: [true, true], statement_timeout_ms: [2_000, true] });

    expect((await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { statement_timeout_ms: 'default' } } })).status).toBe(200);
    expect(valuesOf(await postgresOf(ada))).toEqual({ allow_writes: [true, true], statement_timeout_ms: [15_000, false] });
  });

  it('goes back to the defaults once disconnected', async () => {
    expect((await ada.api('/integrations/postgres', { method: 'DELETE' })).status).toBe(200);
    expect(valuesOf(await postgresOf(ada))).toEqual({ allow_writes: [false, false], statement_timeout_ms: [15_000, false] });
  });
});
