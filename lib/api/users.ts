/**
 * `/users`: the hub's users with their roles and plans, for admins (a member
 * gets 403 before anything is read) — over lib/services/accounts.ts — and
 * `PUT /users/:id/plan`, an admin changing a user's plan (lib/services/plans.ts). Each user is the
 * same public view GET /session gives: never a password hash, key or
 * credential.
 */
import { Elysia, t } from 'elysia';
import { listAccounts } from '../services/accounts.ts';
import { setPlan } from '../services/plans.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { Page, PageQuery, errors, paginate, timePosition } from './http.ts';
import { UserView, userView } from './session.ts';

export function userRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/users', async ({ me, query }) => paginate((await listAccounts(actingAs(deps, me), me.user)).map(userView), query, (u) => timePosition(u.createdAt, u.id)), {
      admin: true,
      query: PageQuery,
      response: { 200: Page(UserView), ...errors },
    })
    // An admin puts a user on a plan (the People page); the user's running MCP sessions have it within a second.
    .put('/users/:id/plan', async ({ me, params, body }) => userView(await setPlan(actingAs(deps, me), { userId: params.id, plan: body.plan })), {
      admin: true,
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 64, description: '"id", a user id as GET /users lists it' }) }),
      body: t.Object({ plan: t.String({ minLength: 1, maxLength: 32, description: 'a plan id such as "pro" (GET /billing lists them)' }) }),
      response: { 200: UserView, ...errors },
    });
}
