/** `/account`: the signed-in user's profile, their signed-in browsers (end one, or all), and deleting the account — over lib/services/sessions.ts and accounts.ts. */
import { Elysia, t } from 'elysia';
import { deleteAccount } from '../services/accounts.ts';
import { listSessions, revokeSession, signOutEverywhere } from '../services/sessions.ts';
import { sessionCookie } from './auth.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { Page, PageQuery, errors, paginate, timePosition } from './http.ts';
import { UserView, userView } from './session.ts';

const Session = t.Object({
  id: t.String(),
  createdAt: t.Number(),
  lastSeenAt: t.Number(),
  expiresAt: t.Number(),
  userAgent: t.Union([t.String(), t.Null()]),
  /** True for the browser asking. */
  current: t.Boolean(),
});

export function accountRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/account', ({ me }) => ({ ...userView(me.user), hasPassword: me.user.hasPassword }), {
      signedIn: true,
      response: { 200: t.Composite([UserView, t.Object({ hasPassword: t.Boolean() })]), ...errors },
    })
    .get('/account/sessions', async ({ me, query }) => {
      const sessions = (await listSessions(actingAs(deps, me), me.user.id)).map((s) => ({ id: s.id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, userAgent: s.userAgent, current: s.id === me.sessionId }));
      return paginate(sessions, query, (s) => timePosition(s.lastSeenAt, s.id), 'desc');
    }, { signedIn: true, query: PageQuery, response: { 200: Page(Session), ...errors } })
    .delete('/account/sessions', async ({ me, request, set }) => {
      const ended = await signOutEverywhere(actingAs(deps, me), me.user.id);
      set.headers['set-cookie'] = sessionCookie(request, null);
      return { ended };
    }, { signedIn: true, response: { 200: t.Object({ ended: t.Number() }), ...errors } })
    .delete('/account/sessions/:id', async ({ me, params, request, set }) => {
      await revokeSession(actingAs(deps, me), me.user.id, params.id);
      if (params.id === me.sessionId) set.headers['set-cookie'] = sessionCookie(request, null);
      return { ended: 1 };
    }, { signedIn: true, params: t.Object({ id: t.String({ minLength: 1, maxLength: 100 }) }), response: { 200: t.Object({ ended: t.Number() }), ...errors } })
    .delete('/account', async ({ me, body, request, set }) => {
      await deleteAccount(actingAs(deps, me), me.user, me.user.id, body.confirmEmail);
      set.headers['set-cookie'] = sessionCookie(request, null);
      return { deleted: true };
    }, {
      signedIn: true,
      body: t.Object({ confirmEmail: t.String({ minLength: 1, maxLength: 254, description: "the account's email, typed to confirm" }) }),
      response: { 200: t.Object({ deleted: t.Boolean() }), ...errors },
    });
}
