/** `/keys`: the signed-in user's API keys — list, create (the key shown once), rotate, revoke — over lib/services/keys.ts. */
import { Elysia, t } from 'elysia';
import { MAX_KEY_NAME_CHARS, createKey, listKeys, revokeKey, rotateKey } from '../services/keys.ts';
import type { ApiKeyRecord } from '../store/port.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { Page, PageQuery, errors, paginate, timePosition } from './http.ts';

const Mode = t.Union([t.Literal('flat'), t.Literal('progressive')]);

export const Key = t.Object({
  id: t.String(),
  name: t.String(),
  prefix: t.String({ description: 'the first characters of the key, to tell keys apart; never enough to use it' }),
  createdAt: t.Number(),
  lastUsedAt: t.Union([t.Number(), t.Null()]),
  lastClient: t.Union([t.String(), t.Null()]),
  revokedAt: t.Union([t.Number(), t.Null()]),
  toolsetId: t.Union([t.String(), t.Null()], { description: 'the toolset the key sees; null: every enabled tool' }),
  mode: t.Union([Mode, t.Null()], { description: "the key's discovery mode override; null: its toolset's (flat without one)" }),
});

const CreatedKey = t.Object({ record: Key, key: t.String({ description: 'the whole key: shown now, never again' }) });
const KeyId = t.Object({ id: t.String({ minLength: 1, maxLength: 100 }) });

/** A key as it may leave the hub (the store's record holds nothing secret, but the user id is not the page's business). */
export const keyView = (record: ApiKeyRecord): typeof Key.static => ({
  id: record.id,
  name: record.name,
  prefix: record.prefix,
  createdAt: record.createdAt,
  lastUsedAt: record.lastUsedAt,
  lastClient: record.lastClient,
  revokedAt: record.revokedAt,
  toolsetId: record.toolsetId,
  mode: record.mode,
});

export function keyRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/keys', async ({ me, query }) => paginate((await listKeys(deps.services, { userId: me.user.id })).map(keyView), query, (k) => timePosition(k.createdAt, k.id)), {
      signedIn: true,
      query: PageQuery,
      response: { 200: Page(Key), ...errors },
    })
    .post('/keys', async ({ me, body }) => {
      const created = await createKey(actingAs(deps, me), { userId: me.user.id, name: body.name, toolsetId: body.toolsetId ?? null, mode: body.mode ?? null });
      return { record: keyView(created.record), key: created.key };
    }, {
      signedIn: true,
      body: t.Object({
        name: t.String({ minLength: 1, maxLength: MAX_KEY_NAME_CHARS, description: `the key's name, 1 to ${MAX_KEY_NAME_CHARS} characters (say, the machine it is for)` }),
        toolsetId: t.Optional(t.Union([t.String({ minLength: 1, maxLength: 100 }), t.Null()], { description: 'the toolset the key sees (GET /toolsets); absent or null: every enabled tool' })),
        mode: t.Optional(t.Union([Mode, t.Null()], { description: "overrides the toolset's discovery mode" })),
      }),
      response: { 200: CreatedKey, ...errors },
    })
    .post('/keys/:id/rotate', async ({ me, params }) => {
      const rotated = await rotateKey(actingAs(deps, me), { userId: me.user.id, keyId: params.id });
      return { record: keyView(rotated.record), key: rotated.key, revoked: keyView(rotated.revoked) };
    }, {
      signedIn: true,
      params: KeyId,
      response: { 200: t.Object({ record: Key, key: t.String(), revoked: Key }), ...errors },
    })
    .delete('/keys/:id', async ({ me, params }) => keyView(await revokeKey(actingAs(deps, me), { userId: me.user.id, keyId: params.id })), {
      signedIn: true,
      params: KeyId,
      response: { 200: Key, ...errors },
    });
}
