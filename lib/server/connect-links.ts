/**
 * `GET /connect/<slug>?t=…`: where a tool result's connect link lands
 * (gateway/middleware/connect-link.ts). Opening it needs the dashboard session
 * of the user the link was made for, so a link pasted into someone else's
 * browser cannot attach their account to the chat's user; another signed-in
 * user is refused and the link stays usable by its owner (oauth-state.ts).
 * A redeemed link goes straight on to the provider when the operator set up
 * OAuth for the integration (the link, single-use and bound to this user,
 * is the proof a POST's CSRF header is elsewhere), else to the Integrations
 * page with that integration's token form open.
 * `/connect` itself stays the dashboard's "Connect your client" page.
 */
import { Elysia, t } from 'elysia';
import { authenticate, type SignedIn } from '../api/auth.ts';
import { actingAs, anonymous, type ApiDeps } from '../api/deps.ts';
import { errorFields } from '../log.ts';
import type { Registry } from '../mcp/registry.ts';
import type { ConnectLinkMinter } from '../services/connect-link-minter.ts';
import { ServiceError } from '../services/errors.ts';
import { startConnect } from '../services/oauth.ts';
import { redeemConnectLink, type ConnectLinkRefusal } from '../services/oauth-state.ts';
import { htmlPage } from './html-page.ts';

export interface ConnectLinkRouteOptions {
  api: ApiDeps;
  registry: Pick<Registry, 'integration'>;
  links: ConnectLinkMinter;
}

const SLUG = t.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
/** A link's token is 43 base64url characters; anything far longer is not one. */
const TOKEN = t.String({ minLength: 1, maxLength: 128 });

const INTEGRATIONS_LINK = { href: '/integrations', label: 'Open Integrations' };

function refusedPage(name: string, reason: ConnectLinkRefusal | 'malformed') {
  switch (reason) {
    case 'expired':
      return htmlPage({
        status: 410,
        title: 'This connect link has expired',
        paragraphs: [`Connect links work for 30 minutes. Call the ${name} tool in your chat again for a new link, or connect ${name} on the Integrations page.`],
        links: [INTEGRATIONS_LINK],
      });
    case 'unknown_or_used':
    case 'wrong_integration':
    case 'malformed':
      return htmlPage({
        status: 404,
        title: 'This connect link does not work',
        paragraphs: [
          'It was already used, is not a link this hub made, or was made for another account.',
          'If the chat belongs to another account, this link was made for another account: sign out, sign in as that person and open it again.',
          `Otherwise call the ${name} tool in your chat again for a new link, or connect ${name} on the Integrations page.`,
        ],
        links: [INTEGRATIONS_LINK],
      });
  }
}

/** Where a signed-out person goes: the sign-in page, back to this same link once signed in. */
function signInPage(name: string, back: string) {
  return htmlPage({
    status: 401,
    title: `Sign in to connect ${name}`,
    paragraphs: [`This link connects ${name} for the account your chat uses. Sign in to MCP Hub as that person, then open this link again.`],
    links: [{ href: `/sign-in?next=${encodeURIComponent(back)}`, label: 'Sign in' }],
  });
}

const redirect = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

/** The `/connect/:slug` routes; used before the hub's JSON error shaping, so every answer here is a page. */
export function connectLinkRoutes({ api, registry, links }: ConnectLinkRouteOptions) {
  return new Elysia({ name: 'mcphub-connect-links' })
    .onError(({ code, error, request }) => {
      // A link with a mangled query or path: the same page as an unknown link.
      if (code === 'VALIDATION') return refusedPage('integration', 'malformed');
      // The path only: the query holds the link's token.
      api.logger.error('connect link request failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return htmlPage({ status: 500, title: 'Something went wrong', paragraphs: ['MCP Hub hit an internal error opening this link; details are in the hub log. Try the link again in a moment.'], links: [INTEGRATIONS_LINK] });
    })
    .get(
      '/connect/:slug',
      async ({ params: { slug }, query, request }) => {
        const integration = registry.integration(slug);
        if (!integration || query.t === undefined) return refusedPage(integration?.name ?? 'integration', 'malformed');
        const deps = anonymous(api);
        let me: SignedIn;
        try {
          me = await authenticate(deps, request, api.clerk);
        } catch (error) {
          if (error instanceof ServiceError && error.code === 'unauthenticated') return signInPage(integration.name, `/connect/${slug}?t=${encodeURIComponent(query.t)}`);
          throw error;
        }
        const userId = me.user.id;
        const redeemed = await redeemConnectLink(deps, { token: query.t, userId, slug });
        if (!redeemed.ok) return refusedPage(integration.name, redeemed.reason);
        links.forget(userId, slug);
        if (api.services.oauth.apps[slug]) return redirect((await startConnect(actingAs(api, me), { userId, sessionId: me.sessionId, slug, returnTo: `/connect/${slug}/done` })).url);
        return redirect(`/integrations?reconnect=${slug}`);
      },
      { params: t.Object({ slug: SLUG }), query: t.Object({ t: t.Optional(TOKEN) }) },
    )
    .get(
      '/connect/:slug/done',
      ({ params: { slug } }) => {
        const name = registry.integration(slug)?.name;
        if (!name) return refusedPage('integration', 'malformed');
        return htmlPage({
          title: `${name} is connected`,
          paragraphs: [`${name} is connected. You can go back to your chat — the next tool call works without restarting anything.`],
          links: [INTEGRATIONS_LINK],
        });
      },
      { params: t.Object({ slug: SLUG }) },
    );
}
