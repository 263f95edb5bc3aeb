/**
 * `GET /oauth/<slug>/callback`: where a provider sends the browser back. It
 * resolves the dashboard session (cookie, or Clerk's), hands the URL to
 * `completeConnect` and answers a 302 to where the connect started, or a
 * plain page saying what happened and offering to start again (status 400;
 * no stack, no code, no token). The dashboard starts a connect with `POST
 * /api/v1/integrations/<slug>/oauth` (lib/api/integrations.ts), guarded by the
 * session's CSRF header like every other change. `GET /oauth/<slug>/start`
 * starts one from a plain link (no script needed): the browser's fetch
 * metadata says where the navigation came from, and one from another site is
 * refused, so no page elsewhere can start a connect in a person's browser
 * (without the header — old browsers — it goes on: the worst such a start
 * can do is connect the person's own account to their own hub).
 */
import { Elysia, t } from 'elysia';
import { authenticate } from '../api/auth.ts';
import { actingAs, anonymous, type ApiDeps } from '../api/deps.ts';
import { errorFields } from '../log.ts';
import { completeConnect, startConnect } from '../services/oauth.ts';
import { completeRemoteOAuth } from '../services/remote-oauth.ts';
import { ServiceError } from '../services/errors.ts';
import { htmlPage } from './html-page.ts';

/** A page a person reads: a heading, what happened, and the way on (html-page.ts: escaped, not cached, no Referer — the address holds the provider's code and state). */
export function oauthPage(title: string, message: string, status = 400): Response {
  return htmlPage({ status, title, paragraphs: [message], links: [{ href: '/integrations', label: 'Start again from the Integrations page' }] });
}

const Param = t.Optional(t.String({ maxLength: 4_096 }));

/** `Sec-Fetch-Site` values of a navigation this hub's pages made, or that the person made by typing or a bookmark. */
const OWN_NAVIGATION = new Set(['same-origin', 'none']);
const Slug = t.Object({ slug: t.String({ pattern: '^[a-z0-9-]{1,64}$' }) });

/** The dashboard session of the request, or null when signed out. */
async function signedIn(deps: ApiDeps, request: Request) {
  try {
    return await authenticate(anonymous(deps), request, deps.clerk);
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'unauthenticated') return null;
    throw error;
  }
}

/** The start and callback routes, over the same services the management API uses. */
export function oauthRoutes(deps: ApiDeps) {
  return new Elysia()
    .onError(({ code, error, request }) => {
      if (code === 'VALIDATION') return oauthPage('This answer could not be read', 'The address the provider sent you back with is not a valid OAuth answer, so nothing was connected.');
      deps.logger.error('oauth callback failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return oauthPage('Something went wrong', 'MCP Hub hit an internal error while connecting; nothing was connected. Details are in the hub log.', 500);
    })
    // A remote MCP server's own OAuth (lib/services/remote-oauth.ts); `remote` is a reserved slug, so no integration has this path.
    .get('/oauth/remote/callback', async ({ request }) => {
      const me = await signedIn(deps, request);
      if (!me) return oauthPage('Sign in first', 'You are not signed in to MCP Hub in this browser (or your session ended), so nothing was connected. Sign in, then add the MCP server again.');
      const done = await completeRemoteOAuth(actingAs(deps, me), { userId: me.user.id, sessionId: me.sessionId, callbackUrl: request.url });
      if (done.ok) return new Response(null, { status: 302, headers: { location: done.returnTo, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
      deps.logger.info('remote MCP sign-in refused', { userId: me.user.id, reason: done.message });
      return htmlPage({ status: 400, title: 'The MCP server was not connected', paragraphs: [done.message], links: [{ href: '/mcp-servers', label: 'Back to MCP servers' }] });
    }, {
      query: t.Object({ code: Param, state: Param, error: Param, error_description: Param, iss: Param }),
    })
    .get('/oauth/:slug/start', async ({ request, params, query }) => {
      const site = request.headers.get('sec-fetch-site');
      if (site !== null && !OWN_NAVIGATION.has(site)) return oauthPage('Start connecting from MCP Hub', 'Another site sent you here to connect an account, so MCP Hub did not start it. To connect, use Connect on the Integrations page.', 403);
      const me = await signedIn(deps, request);
      if (!me) return oauthPage('Sign in first', 'You are not signed in to MCP Hub in this browser (or your session ended). Sign in, then start connecting again.', 401);
      let started;
      try {
        started = await startConnect(actingAs(deps, me), { userId: me.user.id, sessionId: me.sessionId, slug: params.slug, ...(query.returnTo !== undefined && { returnTo: query.returnTo }) });
      } catch (error) {
        if (error instanceof ServiceError) return oauthPage('Cannot connect this way', error.message, error.code === 'not_found' ? 404 : 400);
        throw error;
      }
      return new Response(null, { status: 302, headers: { location: started.url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
    }, {
      params: Slug,
      query: t.Object({ returnTo: t.Optional(t.String({ maxLength: 2_048 })) }),
    })
    .get('/oauth/:slug/callback', async ({ request, params }) => {
      const me = await signedIn(deps, request);
      if (!me) return oauthPage('Sign in first', 'You are not signed in to MCP Hub in this browser (or your session ended), so nothing was connected. Sign in, then start connecting again.');
      let done;
      try {
        done = await completeConnect(actingAs(deps, me), { userId: me.user.id, sessionId: me.sessionId, slug: params.slug, callbackUrl: request.url });
      } catch (error) {
        if (error instanceof ServiceError) return oauthPage('Cannot connect this way', error.message, error.code === 'not_found' ? 404 : 400);
        throw error;
      }
      if (done.ok) return new Response(null, { status: 302, headers: { location: done.returnTo, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
      deps.logger.info('oauth connect refused', { slug: params.slug, userId: me.user.id, reason: done.reason });
      const title = done.reason === 'denied' ? `${done.name} access was not granted` : `${done.name} was not connected`;
      return oauthPage(title, done.message);
    }, {
      params: Slug,
      query: t.Object({ code: Param, state: Param, error: Param, error_description: Param }),
    });
}
