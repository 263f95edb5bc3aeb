/**
 * `GET /oauth/<slug>/callback`: where a provider sends the browser back. It
 * resolves the dashboard session (cookie, or Clerk's), hands the URL to
 * `completeConnect` and answers a 302 to where the connect started, or a
 * plain page saying what happened and offering to start again (status 400;
 * no stack, no code, no token). The start is `POST
 * /api/v1/integrations/<slug>/oauth` (lib/api/integrations.ts): a mutating API
 * call, so the session's CSRF header guards it like every other change, and
 * no CSRF token ever sits in a URL, a log line or a Referer.
 */
import { Elysia, t } from 'elysia';
import { authenticate } from '../api/auth.ts';
import { actingAs, anonymous, type ApiDeps } from '../api/deps.ts';
import { errorFields } from '../log.ts';
import { completeConnect } from '../services/oauth.ts';
import { ServiceError } from '../services/errors.ts';
import { htmlPage } from './html-page.ts';

/** A page a person reads: a heading, what happened, and the way on (html-page.ts: escaped, not cached, no Referer — the address holds the provider's code and state). */
export function oauthPage(title: string, message: string, status = 400): Response {
  return htmlPage({ status, title, paragraphs: [message], links: [{ href: '/integrations', label: 'Start again from the Integrations page' }] });
}

const Param = t.Optional(t.String({ maxLength: 4_096 }));

/** The callback route, over the same services the management API uses. */
export function oauthRoutes(deps: ApiDeps) {
  return new Elysia()
    .onError(({ code, error, request }) => {
      if (code === 'VALIDATION') return oauthPage('This answer could not be read', 'The address the provider sent you back with is not a valid OAuth answer, so nothing was connected.');
      deps.logger.error('oauth callback failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return oauthPage('Something went wrong', 'MCP Hub hit an internal error while connecting; nothing was connected. Details are in the hub log.', 500);
    })
    .get('/oauth/:slug/callback', async ({ request, params }) => {
      let me;
      try {
        me = await authenticate(anonymous(deps), request, deps.clerk);
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'unauthenticated') return oauthPage('Sign in first', 'You are not signed in to MCP Hub in this browser (or your session ended), so nothing was connected. Sign in, then start connecting again.');
        throw error;
      }
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
      params: t.Object({ slug: t.String({ pattern: '^[a-z0-9-]{1,64}$' }) }),
      query: t.Object({ code: Param, state: Param, error: Param, error_description: Param }),
    });
}
