/**
 * `/remote-servers`: the signed-in user's remote MCP servers (issue 15) —
 * their own and those an admin added for everyone — with each server's
 * tools and the names the hub gives them; adding one (checked by listing
 * its tools first), replacing its credential, refreshing, removing. Thin
 * over lib/services/remote-servers.ts. A credential goes in, never out.
 */
import { Elysia, t } from 'elysia';
import { CREDENTIAL_LIMITS } from '../remote/credential.ts';
import { startRemoteOAuth } from '../services/remote-oauth.ts';
import { addRemoteServer, listRemoteServers, refreshRemoteServer, removeRemoteServer, updateRemoteCredential } from '../services/remote-servers.ts';
import { REMOTE_CREDENTIAL_KINDS, REMOTE_LIMITS, REMOTE_STATUSES } from '../store/remote-servers.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const Tool = t.Object({
  /** As the server names it. */
  name: t.String(),
  /** As the user's MCP client sees it (`acme__search_docs_1a2b3c`). */
  wireName: t.String(),
  mapped: t.Boolean(),
  title: t.Union([t.String(), t.Null()]),
  description: t.Union([t.String(), t.Null()]),
  annotations: t.Union([t.Record(t.String(), t.Unknown()), t.Null()]),
});
const RemoteServer = t.Object({
  id: t.String(),
  slug: t.String(),
  url: t.String(),
  credentialKind: t.UnionEnum(REMOTE_CREDENTIAL_KINDS),
  forEveryone: t.Boolean(),
  manageable: t.Boolean(),
  protocol: t.Union([t.String(), t.Null()]),
  status: t.UnionEnum(REMOTE_STATUSES),
  statusReason: t.Union([t.String(), t.Null()]),
  checkedAt: t.Union([t.Number(), t.Null()]),
  tools: t.Array(Tool),
});
const Credential = {
  credentialKind: t.UnionEnum(REMOTE_CREDENTIAL_KINDS, { description: `one of ${REMOTE_CREDENTIAL_KINDS.join(', ')} (oauth: use POST /remote-servers/oauth)` }),
  token: t.Optional(t.String({ maxLength: CREDENTIAL_LIMITS.token, description: 'the bearer token, for credentialKind bearer' })),
  headers: t.Optional(t.Record(t.String({ maxLength: CREDENTIAL_LIMITS.headerName }), t.String({ maxLength: CREDENTIAL_LIMITS.headerValue }), { maxProperties: CREDENTIAL_LIMITS.headers, description: 'header names to values, for credentialKind headers' })),
};
const Slug = t.Object({ slug: t.String({ pattern: '^[a-z][a-z0-9-]{0,30}$', description: 'the slug the server was added with, such as acme' }) });

export function remoteServerRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/remote-servers', async ({ me }) => ({ items: await listRemoteServers(deps.services, me.user.id) }), {
      signedIn: true,
      response: { 200: t.Object({ items: t.Array(RemoteServer) }), ...errors },
    })
    .post('/remote-servers', ({ me, body }) => addRemoteServer(actingAs(deps, me), { userId: me.user.id, ...body }), {
      signedIn: true,
      body: t.Object({
        slug: t.String({ maxLength: 64, description: 'the namespace of its tools (acme → acme__search): lowercase letters, digits and hyphens' }),
        url: t.String({ maxLength: REMOTE_LIMITS.url, description: "the server's Streamable HTTP endpoint, such as https://mcp.example.com/mcp" }),
        ...Credential,
        forEveryone: t.Optional(t.Boolean({ description: 'admins only: every user sees it' })),
        check: t.Optional(t.Boolean({ description: 'true (the default) lists its tools before storing it' })),
      }),
      response: { 200: RemoteServer, ...errors },
    })
    // A server with its own OAuth: added pending, and the browser goes to the returned URL to sign in (its callback is /oauth/remote/callback).
    .post('/remote-servers/oauth', ({ me, body }) => startRemoteOAuth(actingAs(deps, me), { userId: me.user.id, sessionId: me.sessionId, slug: body.slug, url: body.url }), {
      signedIn: true,
      body: t.Object({
        slug: t.String({ maxLength: 64, description: 'the namespace of its tools, as for POST /remote-servers' }),
        url: t.String({ maxLength: REMOTE_LIMITS.url, description: "the server's Streamable HTTP endpoint" }),
      }),
      response: { 200: t.Object({ authorizeUrl: t.String({ description: "the server's authorize URL: navigate the browser there" }), server: RemoteServer }), ...errors },
    })
    .put('/remote-servers/:slug/credential', ({ me, params, body }) => updateRemoteCredential(actingAs(deps, me), { userId: me.user.id, slug: params.slug, ...body }), {
      signedIn: true,
      params: Slug,
      body: t.Object(Credential),
      response: { 200: RemoteServer, ...errors },
    })
    .post('/remote-servers/:slug/refresh', ({ me, params }) => refreshRemoteServer(actingAs(deps, me), { userId: me.user.id, slug: params.slug }), {
      signedIn: true,
      params: Slug,
      response: { 200: RemoteServer, ...errors },
    })
    .delete('/remote-servers/:slug', async ({ me, params }) => {
      await removeRemoteServer(actingAs(deps, me), { userId: me.user.id, slug: params.slug });
      return { removed: true as const };
    }, {
      signedIn: true,
      params: Slug,
      response: { 200: t.Object({ removed: t.Literal(true) }), ...errors },
    });
}
