/** Users: create and list them, and find one by email (the operator's handle on a user in the CLI). */
import type { User } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email as the store keeps it (trimmed, lower case), or `invalid`. */
export function normalizeEmail(text: string): string {
  const email = text.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new ServiceError('invalid', `"${text}" is not an email address.`);
  return email;
}

export async function createUser(deps: Pick<ServiceDeps, 'store' | 'actor'>, input: { email: string; name?: string | null }): Promise<User> {
  const email = normalizeEmail(input.email);
  const name = input.name?.trim() || null;
  if (name !== null && name.length > 100) throw new ServiceError('invalid', 'A name is at most 100 characters.');
  try {
    return await deps.store.createUser({ email, name, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, { EMAIL_TAKEN: `A user with email ${email} already exists.` });
  }
}

/** Every user, oldest first: for the operator (CLI) and admins, never a member. */
export function listUsers(deps: Pick<ServiceDeps, 'store'>): Promise<User[]> {
  return deps.store.listUsers();
}

/** The user with this id, or `not_found`: the first step of every use case scoped to a user. */
export async function requireUser(deps: Pick<ServiceDeps, 'store'>, userId: string): Promise<User> {
  const user = await deps.store.getUser(userId);
  if (!user) throw new ServiceError('not_found', `No user with id ${userId}.`);
  return user;
}

export async function findUserByEmail(deps: Pick<ServiceDeps, 'store' | 'hints'>, email: string): Promise<User> {
  const normalized = normalizeEmail(email);
  const user = await deps.store.getUserByEmail(normalized);
  if (!user) throw new ServiceError('not_found', `No user with email ${normalized}. ${deps.hints.createUser(normalized)}`);
  return user;
}
