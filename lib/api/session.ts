/**
 * Signing in and out, and the one-time links (setup, invite, reset), over
 * lib/services/sessions.ts and accounts.ts. A route that starts a session
 * sets the `mcphub_session` cookie and answers what GET /session does, so the
 * page has the CSRF token at once. Routes without a session (sign-in, setup,
 * accepting an invite, a reset) carry their proof in the body and set no
 * ambient authority beforehand, so they need no CSRF token; the edge refuses
 * them from another origin.
 */
import { Elysia, t } from 'elysia';
import { acceptInvite, completeSetup, invite, resetPassword } from '../services/accounts.ts';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from '../services/passwords.ts';
import { csrfTokenFor, signIn, signOut, type SignedIn as Started } from '../services/sessions.ts';
import { ROLES, type User } from '../store/port.ts';
import { sessionCookie, type SignedIn } from './auth.ts';
import { apiBase } from './base.ts';
import { actingAs, anonymous, type ApiDeps } from './deps.ts';
import { errors } from './http.ts';

export const UserView = t.Object({ id: t.String(), email: t.String(), name: t.Union([t.String(), t.Null()]), role: t.UnionEnum(ROLES), plan: t.String({ description: 'the plan id (GET /billing lists the plans)' }), createdAt: t.Number() });
export const userView = (user: User): typeof UserView.static => ({ id: user.id, email: user.email, name: user.name, role: user.role, plan: user.plan, createdAt: user.createdAt });

const Me = t.Object({
  user: UserView,
  /** Send it back in `x-csrf-token` on every POST, PUT, PATCH and DELETE. */
  csrfToken: t.String(),
  session: t.Object({ id: t.String(), expiresAt: t.Number() }),
});
const meView = (me: Pick<SignedIn, 'user' | 'sessionId' | 'expiresAt' | 'csrfSecret'>): typeof Me.static => ({ user: userView(me.user), csrfToken: csrfTokenFor(me.csrfSecret), session: { id: me.sessionId, expiresAt: me.expiresAt } });

const Email = t.String({ minLength: 3, maxLength: 254, description: 'an email address' });
const Password = t.String({ minLength: 1, maxLength: PASSWORD_MAX_CHARS, description: `a password of ${PASSWORD_MIN_CHARS} to ${PASSWORD_MAX_CHARS} characters` });
const Name = t.Optional(t.Union([t.String({ maxLength: 100 }), t.Null()]));
const LinkToken = t.String({ minLength: 1, maxLength: 200, description: 'the token from the link, unchanged' });

/** The first page a hub answers for: the origin this request reached, for the links it makes. */
const originOf = (request: Request) => new URL(request.url).origin;

export function sessionRoutes(deps: ApiDeps) {
  /** Sets the session cookie and answers as GET /session. */
  const started = (request: Request, set: { headers: Record<string, unknown> }, session: Started) => {
    set.headers['set-cookie'] = sessionCookie(request, { token: session.token, expiresAt: session.session.expiresAt });
    return meView({ user: session.user, sessionId: session.session.id, expiresAt: session.session.expiresAt, csrfSecret: session.token });
  };
  const userAgent = (request: Request) => request.headers.get('user-agent');

  return new Elysia()
    .use(apiBase(deps))
    .post('/session', async ({ body, request, set }) => started(request, set, await signIn({ ...anonymous(deps), throttle: deps.throttle }, { ...body, userAgent: userAgent(request), address: null })), {
      body: t.Object({ email: Email, password: Password }),
      response: { 200: Me, ...errors },
    })
    .get('/session', ({ me }) => meView(me), { signedIn: true, response: { 200: Me, ...errors } })
    .delete('/session', async ({ me, request, set }) => {
      // A Clerk session ends in the browser (Clerk's sign-out); the hub keeps nothing of it.
      if (me.hubToken) await signOut(actingAs(deps, me), me.hubToken);
      set.headers['set-cookie'] = sessionCookie(request, null);
      return { signedOut: true };
    }, { signedIn: true, response: { 200: t.Object({ signedOut: t.Boolean() }), ...errors } })
    .post('/setup', async ({ body, request, set }) => {
      const { token, ...input } = body;
      return started(request, set, await completeSetup({ ...anonymous(deps), clerk: deps.clerk !== undefined }, token, { ...input, userAgent: userAgent(request) }));
    }, {
      body: t.Object({ token: LinkToken, email: Email, name: Name, password: Password }),
      response: { 200: Me, ...errors },
    })
    .post('/invites', ({ me, body, request }) => invite({ ...actingAs(deps, me), clerk: deps.clerk !== undefined }, me.user, { ...body, baseUrl: originOf(request) }), {
      admin: true,
      body: t.Object({ email: Email, role: t.UnionEnum(ROLES, { description: `one of ${ROLES.join(', ')}` }) }),
      response: { 200: t.Object({ url: t.String({ description: 'the single-use invite link to send the person' }), expiresAt: t.Number() }), ...errors },
    })
    .post('/invites/accept', async ({ body, request, set }) => {
      const { token, ...input } = body;
      return started(request, set, await acceptInvite(anonymous(deps), token, { ...input, userAgent: userAgent(request) }));
    }, {
      body: t.Object({ token: LinkToken, name: Name, password: Password }),
      response: { 200: Me, ...errors },
    })
    .post('/password-reset', async ({ body }) => ({ user: userView(await resetPassword(anonymous(deps), body.token, body.password)) }), {
      body: t.Object({ token: LinkToken, password: Password }),
      response: { 200: t.Object({ user: UserView }), ...errors },
    });
}
