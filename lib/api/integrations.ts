/**
 * `/integrations`: the catalog with each integration's status for the
 * signed-in user, connecting one (the credential checked with its service
 * before it is stored), its settings, and disconnecting — over
 * lib/services/integrations.ts and settings.ts. A credential never comes
 * back out.
 */
import { Elysia, t } from 'elysia';
import { matchesCatalogQuery } from '../mcp/catalog-match.ts';
import { INTEGRATION_STATUSES, disableIntegration, enableIntegration, listIntegrations } from '../services/integrations.ts';
import { startConnect } from '../services/oauth.ts';
import { ATTENTION_KINDS } from '../store/port.ts';
import { changeSettings } from '../services/settings.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { Page, PageQuery, errors, paginate } from './http.ts';

const Scalar = t.Union([t.String({ maxLength: 1_000 }), t.Number(), t.Boolean()]);
const Setting = t.Object({ name: t.String(), type: t.Union([t.Literal('boolean'), t.Literal('number'), t.Literal('string')]), value: Scalar, default: Scalar, set: t.Boolean(), description: t.String() });
/** `{ name: value }`; each value as the setting's type or as text (`"on"`), checked by the integration's own schema. */
const SettingsInput = t.Record(t.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), Scalar, { maxProperties: 32, description: 'an object of setting names to values, e.g. { "allow_writes": true }' });

const Integration = t.Object({
  slug: t.String(),
  name: t.String(),
  category: t.String(),
  description: t.String(),
  auth: t.Object({ kind: t.String(), label: t.String(), help: t.String(), scopes: t.Array(t.String()) }),
  tools: t.Number(),
  /** What a person may change (PATCH …/settings), each with the value in force for this user (the default when not connected) and whether they set it. */
  settings: t.Array(Setting),
  status: t.UnionEnum(INTEGRATION_STATUSES, { description: `one of ${INTEGRATION_STATUSES.join(', ')}` }),
  /** Whom the credential belongs to (`octocat`), as checked when it was connected; null when unchecked or not connected. */
  account: t.Union([t.String(), t.Null()]),
  /** Set with `needs_reconnect` and `misconfigured`: what was said (the service refusing the credential, the provider refusing a refresh), and when (ms). */
  attention: t.Union([t.Object({ kind: t.UnionEnum(ATTENTION_KINDS), reason: t.String(), at: t.Number() }), t.Null()]),
  /** Whether "Connect with <provider>" works on this hub; `missing`: the variables the operator sets to turn it on. */
  oauth: t.Object({ available: t.Boolean(), missing: t.Optional(t.String()) }),
  /** How the connection was made: a pasted token or OAuth; null when not connected. */
  via: t.Union([t.Literal('token'), t.Literal('oauth'), t.Null()]),
});
const Revoke = t.Union([t.Object({ status: t.Union([t.Literal('revoked'), t.Literal('none')]) }), t.Object({ status: t.Literal('failed'), message: t.String() })]);
const Slug = t.Object({ slug: t.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'an integration slug such as github' }) });
const Connection = t.Object({ slug: t.String(), settings: t.Array(Setting), createdAt: t.Number(), updatedAt: t.Number() });

const toAssignments = (settings: Record<string, string | number | boolean> = {}) => Object.entries(settings).map(([name, value]) => `${name}=${value}`);

export function integrationRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/integrations', async ({ me, query }) => {
      const views = (await listIntegrations(deps.services, { userId: me.user.id })).filter((view) => matchesCatalogQuery(view, query));
      // Asked for a user, a view always has its status.
      const items = views.map(({ enabled, status, ...view }) => ({ ...view, status: status ?? 'not_connected' }));
      return paginate(items, query, (view) => view.slug);
    }, {
      signedIn: true,
      query: t.Composite([PageQuery, t.Object({ q: t.Optional(t.String({ maxLength: 100 })), category: t.Optional(t.String({ maxLength: 64 })) })]),
      response: { 200: Page(Integration), ...errors },
    })
    .put('/integrations/:slug', async ({ me, params, body }) => {
      const enabled = await enableIntegration(actingAs(deps, me), { userId: me.user.id, slug: params.slug, credential: body.credential, assignments: toAssignments(body.settings), verify: body.verify ?? true });
      return { connection: enabled.connection, account: enabled.account };
    }, {
      signedIn: true,
      params: Slug,
      body: t.Object({
        credential: t.String({ minLength: 1, maxLength: 8_192, description: "the integration's token or connection string, 1 to 8192 characters" }),
        settings: t.Optional(SettingsInput),
        verify: t.Optional(t.Boolean({ description: 'true (the default) checks the credential with the service before storing it' })),
      }),
      response: { 200: t.Object({ connection: Connection, account: t.Union([t.Object({ label: t.String() }), t.Null()]) }), ...errors },
    })
    // The start of an OAuth connect: a POST with the CSRF header (not a GET link), so another site cannot start one in a person's browser.
    .post('/integrations/:slug/oauth', ({ me, params, body }) => startConnect(actingAs(deps, me), { userId: me.user.id, sessionId: me.sessionId, slug: params.slug, ...(body?.returnTo !== undefined && { returnTo: body.returnTo }) }), {
      signedIn: true,
      params: Slug,
      body: t.Optional(t.Object({ returnTo: t.Optional(t.String({ maxLength: 2_048, description: 'a path on this hub to end on, e.g. /integrations' })) })),
      response: { 200: t.Object({ url: t.String({ description: "the provider's authorize URL: navigate the browser there" }) }), ...errors },
    })
    .patch('/integrations/:slug/settings', async ({ me, params, body }) => ({ settings: await changeSettings(actingAs(deps, me), { userId: me.user.id, slug: params.slug, assignments: toAssignments(body.settings) }) }), {
      signedIn: true,
      params: Slug,
      body: t.Object({ settings: SettingsInput }),
      response: { 200: t.Object({ settings: t.Array(Setting) }), ...errors },
    })
    .delete('/integrations/:slug', async ({ me, params }) => disableIntegration(actingAs(deps, me), { userId: me.user.id, slug: params.slug }), {
      signedIn: true,
      params: Slug,
      response: { 200: t.Object({ disabled: t.Boolean(), revoke: Revoke }), ...errors },
    });
}
