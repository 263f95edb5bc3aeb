/**
 * `/users`: the hub's users with their roles, for admins (a member gets 403
 * before anything is read) — over lib/services/accounts.ts. Each user is the
 * same public view GET /session gives: never a password hash, key or
 * credential.
 */
import { Elysia } from 'elysia';
import { listAccounts } from '../services/accounts.ts';
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
    });
}
