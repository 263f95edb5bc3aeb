/**
 * Dashboard accounts: the first admin from the one-time setup link the hub
 * prints, invites by single-use link, password reset links (the CLI's
 * `users link`), users created on first Clerk sign-in, and deleting an
 * account with everything in it. Links carry a random token whose hash alone
 * is stored; each is single-use and expires.
 *
 * Who may: a member acts only on themselves; an admin also invites, lists and
 * deletes users. Another user's things are `not_found` to a member, never told
 * apart from what does not exist.
 */
import { generateToken, hashToken, isTokenShaped, ONE_TIME_TOKEN_PREFIX } from '../crypto/session-tokens.ts';
import type { OneTimeTokenKind, OneTimeTokenPurpose } from '../store/accounts.ts';
import { ROLES, type Role, type User } from '../store/port.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { startSession, type AccountDeps, type SignedIn } from './sessions.ts';
import { normalizeEmail, requireUser } from './users.ts';
import { deleteUserObjects } from './exports.ts';

/** A setup or reset link works for an hour: it is used at once, by someone at the hub's machine or told by its admin. */
export const SETUP_LINK_MS = 3_600_000;
export const RESET_LINK_MS = 3_600_000;
/** An invite waits a week: the invited person may not read it today. */
export const INVITE_LINK_MS = 7 * 24 * 3_600_000;
/** Where each link opens in the dashboard. */
export const LINK_PATHS: Record<OneTimeTokenKind, string> = { setup: '/setup', invite: '/invite', reset: '/reset' };
export const SIGN_IN_PATH = '/sign-in';
const MAX_NAME_CHARS = 100;
const CLERK_USER_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface AccountLink {
  url: string;
  expiresAt: number;
}

const clock = (deps: AccountDeps) => (deps.now ?? Date.now)();
const canSignIn = (user: User) => user.hasPassword || user.clerkUserId !== null;

function checkName(raw: string | null | undefined): string | null {
  const name = raw?.trim() || null;
  if (name !== null && name.length > MAX_NAME_CHARS) throw new ServiceError('invalid', `A name is at most ${MAX_NAME_CHARS} characters.`);
  return name;
}

async function createLink(deps: AccountDeps, baseUrl: string, purpose: OneTimeTokenPurpose, lifetimeMs: number): Promise<AccountLink> {
  const { token, hash } = generateToken(ONE_TIME_TOKEN_PREFIX);
  const expiresAt = clock(deps) + lifetimeMs;
  await deps.store.createOneTimeToken({ ...purpose, tokenHash: hash, expiresAt });
  const url = new URL(LINK_PATHS[purpose.kind], baseUrl);
  url.searchParams.set('token', token);
  return { url: url.href, expiresAt };
}

/** Takes a link's token once, or says the link is no good and what to do; the hash of a malformed token is never looked up. */
async function consumeLink(deps: AccountDeps, token: string, kind: OneTimeTokenKind, remedy: string) {
  const taken = isTokenShaped(token, ONE_TIME_TOKEN_PREFIX) ? await deps.store.consumeOneTimeToken({ tokenHash: hashToken(token), kind }) : null;
  if (!taken) throw new ServiceError('invalid', `This ${kind} link is not valid: it is mistyped, expired or already used. ${remedy}`);
  return taken;
}

const NEW_SETUP_LINK = 'Restart the hub (`npm start`) to print a new setup link.';
const setupIsOver = () => new ServiceError('conflict', 'This hub already has an admin who can sign in, so setup is over. Sign in instead, or ask that admin for an invite.');

/** Whether setup is still open: no Clerk, and no admin who can sign in yet. */
async function setupOpen(deps: AccountDeps & { clerk: boolean }): Promise<boolean> {
  return !deps.clerk && !(await deps.store.listUsers()).some((u) => u.role === 'admin' && canSignIn(u));
}

/**
 * The one-time link that creates the first admin, for the hub to print at
 * start: null once an admin can sign in (or with Clerk, whose sign-in makes
 * the first user admin). Each call makes a new link (the old ones still work
 * until they expire: only hashes are kept, so a link cannot be printed twice).
 */
export async function ensureSetupLink(deps: AccountDeps & { clerk: boolean }, baseUrl: string): Promise<AccountLink | null> {
  if (!(await setupOpen(deps))) return null;
  return createLink(deps, baseUrl, { kind: 'setup' }, SETUP_LINK_MS);
}

/** Creates the first admin from a setup link, signed in. The input is checked before the link is used, so a typo does not burn it. */
export async function completeSetup(
  deps: AccountDeps & { clerk: boolean },
  token: string,
  input: { email: string; name?: string | null; password: string; userAgent?: string | null },
): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  const name = checkName(input.name);
  const passwordHash = await hashPassword(checkPassword(input.password));
  if (!(await setupOpen(deps))) throw setupIsOver();
  if (await deps.store.getUserByEmail(email)) throw new ServiceError('conflict', `A user with email ${email} already exists. ${deps.hints.passwordLink(email)}`);
  await consumeLink(deps, token, 'setup', NEW_SETUP_LINK);
  const user = await createUserOrRefuse(deps, { email, name, role: 'admin', passwordHash });
  return startSession(deps, user, input.userAgent ?? null);
}

async function createUserOrRefuse(deps: AccountDeps, input: { email: string; name: string | null; role: Role; passwordHash: string }): Promise<User> {
  try {
    return await deps.store.createUser({ ...input, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, { EMAIL_TAKEN: `A user with email ${input.email} already exists. Sign in instead.` });
  }
}

function requireAdmin(actor: User, what: string): void {
  if (actor.role !== 'admin') throw new ServiceError('forbidden', `Only an admin can ${what}. Ask an admin of this hub.`);
}

/** Every user, oldest first: for admins. */
export async function listAccounts(deps: AccountDeps, actor: User): Promise<User[]> {
  requireAdmin(actor, 'list users');
  return deps.store.listUsers();
}

/** A single-use link that lets the person with this email create their account with this role (admins only). */
export async function invite(deps: AccountDeps & { clerk: boolean }, actor: User, input: { email: string; role: Role; baseUrl: string }): Promise<AccountLink> {
  requireAdmin(actor, 'invite people');
  // An invite makes a password account, which a hub signing in with Clerk never asks for.
  if (deps.clerk) throw new ServiceError('invalid', 'This hub signs in with Clerk: people join by signing in at /sign-in (their first sign-in makes them a member). Invite them to your Clerk application instead.');
  const email = normalizeEmail(input.email);
  if (!ROLES.includes(input.role)) throw new ServiceError('invalid', `A role is one of ${ROLES.join(', ')}.`);
  if (await deps.store.getUserByEmail(email)) throw new ServiceError('conflict', `${email} already has an account here.`);
  return createLink(deps, input.baseUrl, { kind: 'invite', email, role: input.role }, INVITE_LINK_MS);
}

/** Creates the invited account, signed in. */
export async function acceptInvite(deps: AccountDeps, token: string, input: { name?: string | null; password: string; userAgent?: string | null }): Promise<SignedIn> {
  const name = checkName(input.name);
  const passwordHash = await hashPassword(checkPassword(input.password));
  const taken = await consumeLink(deps, token, 'invite', 'Ask the admin who invited you for a new invite.');
  if (taken.kind !== 'invite') throw new Error(`consumeOneTimeToken returned a ${taken.kind} token for an invite`);
  const user = await createUserOrRefuse(deps, { email: taken.email, name, role: taken.role, passwordHash });
  return startSession(deps, user, input.userAgent ?? null);
}

/** A single-use link to set a new password (the operator's `users link --reset`; an admin's). */
export async function resetLink(deps: AccountDeps, email: string, baseUrl: string): Promise<AccountLink> {
  const normalized = normalizeEmail(email);
  const user = await deps.store.getUserByEmail(normalized);
  if (!user) throw new ServiceError('not_found', `No user with email ${normalized}.`);
  return createLink(deps, baseUrl, { kind: 'reset', userId: user.id }, RESET_LINK_MS);
}

/** Sets the password of a reset link's user and ends all their sessions (whoever knew the old password is signed out). */
export async function resetPassword(deps: AccountDeps, token: string, password: string): Promise<User> {
  const passwordHash = await hashPassword(checkPassword(password));
  const taken = await consumeLink(deps, token, 'reset', 'Ask an admin for a new reset link.');
  if (taken.kind !== 'reset') throw new Error(`consumeOneTimeToken returned a ${taken.kind} token for a reset`);
  try {
    const user = await deps.store.setPasswordHash({ userId: taken.userId, passwordHash, actor: deps.actor });
    await deps.store.revokeSessions(user.id);
    return user;
  } catch (error) {
    throw fromStoreError(error, { USER_NOT_FOUND: 'The account of this reset link no longer exists.' });
  }
}

/**
 * The hub user of a Clerk user (its JWT already verified by the caller):
 * found by the Clerk id, else the user with that email is linked to it, else
 * one is created — admin when it is the hub's first user, member otherwise.
 */
export async function userForClerk(deps: AccountDeps, clerkUserId: string, email: string): Promise<User> {
  if (!CLERK_USER_ID.test(clerkUserId)) throw new ServiceError('invalid', 'A Clerk user id is 1 to 128 letters, digits, _ or -.');
  const normalized = normalizeEmail(email);
  for (let attempt = 0; ; attempt++) {
    const linked = await deps.store.getUserByClerkId(clerkUserId);
    if (linked) return linked;
    const byEmail = await deps.store.getUserByEmail(normalized);
    if (byEmail?.clerkUserId) throw new ServiceError('conflict', `${normalized} is already linked to another Clerk user.`);
    try {
      return byEmail ? await deps.store.linkClerkUser({ userId: byEmail.id, clerkUserId, actor: deps.actor }) : await deps.store.createUser({ email: normalized, clerkUserId, actor: deps.actor });
    } catch (error) {
      // Two first requests of one person at once: the other one created or linked the user; look again, once.
      const raced = fromStoreError(error);
      if (attempt === 0 && raced instanceof ServiceError && raced.code === 'conflict') continue;
      throw raced;
    }
  }
}

/**
 * Deletes an account with its keys, connections, sessions, usage and logs,
 * after the person typed its email to confirm. A member deletes only their
 * own; an admin any, but not the last admin while others remain (nobody could
 * invite or manage users then).
 */
export async function deleteAccount(deps: AccountDeps, actor: User, userId: string, confirmEmail: string): Promise<void> {
  if (actor.role !== 'admin' && actor.id !== userId) throw new ServiceError('not_found', `No user with id ${userId}.`);
  const target = await requireUser(deps, userId);
  if (confirmEmail.trim().toLowerCase() !== target.email) throw new ServiceError('invalid', `To confirm, type the account's email (${target.email}) exactly.`);
  if (target.role === 'admin') {
    const users = await deps.store.listUsers();
    if (users.length > 1 && !users.some((u) => u.role === 'admin' && u.id !== target.id)) {
      throw new ServiceError('conflict', 'This is the last admin of the hub and other users remain: invite another admin first.');
    }
  }
  // Their exports and archives first: if object storage fails, the account is still there to delete again.
  await deleteUserObjects(deps.objects, userId);
  if (!(await deps.store.deleteUser({ userId, actor: deps.actor }))) throw new ServiceError('not_found', `No user with id ${userId}.`);
}
