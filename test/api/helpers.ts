/**
 * Signed-in browsers for the /api/v1 tests: users made in the store with a
 * password, signed in through the API itself (POST /api/v1/session), holding
 * the session cookie and the CSRF token GET /api/v1/session gives.
 */
import type { InProcessHub } from '../helpers/in-process-hub.ts';

export interface Browser {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  /** A request to /api/v1 with this browser's cookie (and CSRF token unless `csrf: false`); a JSON body is serialised. */
  api(path: string, init?: { method?: string; body?: unknown; csrf?: boolean | string; headers?: Record<string, string> }): Promise<Response>;
}

export const PASSWORD = 'correct horse battery staple';

/** Sends a request to /api/v1 as a browser on the hub's own origin would. */
export function apiRequest(hub: InProcessHub, path: string, init: { method?: string; body?: unknown; cookie?: string; csrf?: string | undefined; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return hub.request(`/api/v1${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined && { body: JSON.stringify(init.body) }) });
}

/** The `name=value` of the session cookie a response sets, or null. */
export function sessionCookieOf(response: Response): string | null {
  const set = response.headers.getSetCookie().find((c) => c.startsWith('mcphub_session='));
  return set ? set.split(';')[0]! : null;
}

/** Signs in with email and password and reads the CSRF token. */
export async function signIn(hub: InProcessHub, email: string, password = PASSWORD): Promise<Browser> {
  const response = await apiRequest(hub, '/session', { method: 'POST', body: { email, password } });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error('sign-in set no session cookie');
  return browserOf(hub, cookie);
}

export async function browserOf(hub: InProcessHub, cookie: string): Promise<Browser> {
  const me = (await (await apiRequest(hub, '/session', { cookie })).json()) as { user: { id: string; email: string }; csrfToken: string };
  return {
    userId: me.user.id,
    email: me.user.email,
    cookie,
    csrf: me.csrfToken,
    api: (path, init = {}) =>
      apiRequest(hub, path, { ...init, cookie, csrf: init.csrf === false ? undefined : typeof init.csrf === 'string' ? init.csrf : me.csrfToken }),
  };
}

/** A user with a password, made in the store as the CLI would, then signed in. */
export async function createSignedIn(hub: InProcessHub, email: string, role?: 'admin' | 'member'): Promise<Browser> {
  await hub.hub.store.createUser({ email, passwordHash: await Bun.password.hash(PASSWORD), ...(role && { role }), actor: 'test' });
  return signIn(hub, email);
}
