/**
 * /api/v1/usage/exports, in-process: a signed-in user creates a month's
 * export, lists it and downloads it as an attachment whose rows are the
 * calls in the store; another signed-in user never sees it — not in their
 * list, not by its id (404, and their own id names only their own file); no
 * stranger gets in (401), a form post without the CSRF token is refused, and
 * a bad month is refused naming the fix (400 malformed, 422 not begun).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../helpers/csv.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { apiRequest, createSignedIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let ada: Browser;
let bob: Browser;
const month = '2026-11';

beforeAll(async () => {
  hub = await startInProcessHub();
  ada = await createSignedIn(hub, 'ada@example.com');
  bob = await createSignedIn(hub, 'bob@example.com');
  for (const [userId, tool, at] of [[ada.userId, 'get_me', Date.UTC(2026, 10, 3)], [ada.userId, 'create_issue', Date.UTC(2026, 10, 4)], [bob.userId, 'bobs_secret_tool', Date.UTC(2026, 10, 3)]] as const) {
    await hub.hub.store.recordUsage({ id: `evt_api_${tool}`, userId, keyId: 'key_a', integration: 'github', tool, outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at });
  }
});
afterAll(() => hub.close());

type ErrorJson = { error: { code: string; message: string } };

describe('usage exports API', () => {
  it('creates, lists and downloads a month of one\'s own calls, streamed as an attachment', async () => {
    const created = await ada.api('/usage/exports', { method: 'POST', body: { month, format: 'csv' } });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ id: `${month}.csv`, month, format: 'csv', rows: 2 });
    expect((await (await ada.api('/usage/exports', { method: 'POST', body: { month, format: 'jsonl' } })).json()) as object).toMatchObject({ rows: 2 });

    const list = (await (await ada.api('/usage/exports')).json()) as { items: Array<{ id: string; size: number }>; storage: string };
    expect(list.storage).toBe('files');
    expect(list.items.map((e) => e.id)).toEqual([`${month}.csv`, `${month}.jsonl`]);

    const download = await ada.api(`/usage/exports/${month}.csv`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="mcphub-usage-${month}.csv"`);
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    const body = await download.text();
    expect(Number(download.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(csvRecords(body).map((r) => r.tool)).toEqual(['create_issue', 'get_me']);
  });

  it('never shows one user\'s export to another', async () => {
    await ada.api('/usage/exports', { method: 'POST', body: { month, format: 'csv' } });
    const bobsList = (await (await bob.api('/usage/exports')).json()) as { items: unknown[] };
    expect(bobsList.items).toEqual([]);
    const guessed = await bob.api(`/usage/exports/${month}.csv`);
    expect(guessed.status).toBe(404);
    expect(((await guessed.json()) as ErrorJson).error.message).toMatch(/^No export "2026-11.csv" of yours\. Export a month with `npx mcphub usage export --user <you> --month 2026-11` on the hub's machine\.$/);
    // Bob's own export of the month holds his calls only.
    await bob.api('/usage/exports', { method: 'POST', body: { month, format: 'csv' } });
    const own = csvRecords(await (await bob.api(`/usage/exports/${month}.csv`)).text());
    expect(own.map((r) => r.tool)).toEqual(['bobs_secret_tool']);
    const adas = csvRecords(await (await ada.api(`/usage/exports/${month}.csv`)).text());
    expect(adas.map((r) => r.tool)).not.toContain('bobs_secret_tool');
    // Ids that try to reach another file are not found, not served.
    for (const id of ['..%2F..%2Fhub.db', '2026-11.csv%2F..', `${bob.userId}%2F2026-11.csv`]) expect((await ada.api(`/usage/exports/${id}`)).status).toBe(404);
  });

  it('lets no stranger in, and refuses a create without the CSRF token', async () => {
    expect((await apiRequest(hub, '/usage/exports')).status).toBe(401);
    expect((await apiRequest(hub, `/usage/exports/${month}.csv`)).status).toBe(401);
    expect((await apiRequest(hub, '/usage/exports', { method: 'POST', body: { month } })).status).toBe(401);
    expect((await ada.api('/usage/exports', { method: 'POST', body: { month }, csrf: false })).status).toBe(403);
  });

  it('refuses a malformed or future month and an unknown format, naming the fix', async () => {
    const malformed = await ada.api('/usage/exports', { method: 'POST', body: { month: '2026-13' } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.message).toMatch(/month/);
    const future = await ada.api('/usage/exports', { method: 'POST', body: { month: '2999-01' } });
    // Well-formed but not acceptable: the service's refusal, 422 as everywhere in the API.
    expect(future.status).toBe(422);
    expect(((await future.json()) as ErrorJson).error.message).toMatch(/has not begun yet/);
    expect((await ada.api('/usage/exports', { method: 'POST', body: { month, format: 'xlsx' } })).status).toBe(400);
  });

  it('deletes a user\'s exports and archives with their account, and no one else\'s', async () => {
    const cy = await createSignedIn(hub, 'cy@example.com');
    await hub.hub.store.recordUsage({ id: 'evt_api_cy', userId: cy.userId, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at: Date.UTC(2026, 9, 1) });
    await hub.hub.store.foldMeters();
    expect((await cy.api('/usage/exports', { method: 'POST', body: { month: '2026-10' } })).status).toBe(200);
    expect((await hub.hub.archiveCallLogs()).archives).toBeGreaterThan(0);
    const objects = hub.hub.objects!;
    expect((await objects.list(`logs/${cy.userId}/`)).length).toBe(1);
    expect((await cy.api('/account', { method: 'DELETE', body: { confirmEmail: 'cy@example.com' } })).status).toBe(200);
    expect(await objects.list(`exports/${cy.userId}/`)).toEqual([]);
    expect(await objects.list(`logs/${cy.userId}/`)).toEqual([]);
    expect((await objects.list(`exports/${ada.userId}/`)).length).toBeGreaterThan(0);
  });

  it('says exports are off on a hub without object storage: an empty list with storage null, which the page shows as off', async () => {
    const bare = await startInProcessHub({ objects: null });
    try {
      const cy = await createSignedIn(bare, 'cy@example.com');
      const answer = await cy.api('/usage/exports');
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ items: [], storage: null });
    } finally {
      await bare.close();
    }
  });
});
