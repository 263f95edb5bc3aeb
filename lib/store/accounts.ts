/**
 * The accounts half of the Store port (lib/store/port.ts): how people sign in
 * to the dashboard. Secrets never cross it in the clear: session and one-time
 * tokens arrive as SHA-256 hashes (lib/crypto/tokens.ts), passwords as
 * argon2id hashes, and a password hash leaves only through
 * `getSignInUser`, the sign-in path.
 */
import type { Actor, Role, User } from './port.ts';

/** A signed-in browser. The token itself is only in its cookie. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Moves forward as the session is used (sliding expiry, lib/services/sessions.ts); never returned once past. */
  expiresAt: number;
  /** What the browser said it was when it signed in, for the sessions list; bounded by the service. */
  userAgent: string | null;
}

export const ONE_TIME_TOKEN_KINDS = ['setup', 'invite', 'reset'] as const;
export type OneTimeTokenKind = (typeof ONE_TIME_TOKEN_KINDS)[number];

/** What a one-time link is for: the first admin, a person invited with a role, or a new password for a user. */
export type OneTimeTokenPurpose = { kind: 'setup' } | { kind: 'invite'; email: string; role: Role } | { kind: 'reset'; userId: string };

export type OneTimeToken = OneTimeTokenPurpose & { id: string; createdAt: number; expiresAt: number };

export interface AccountStore {
  /** The user linked to this Clerk user id, or null. */
  getUserByClerkId(clerkUserId: string): Promise<User | null>;
  /** Links a user to a Clerk user; `CLERK_ID_TAKEN` when another user has that id, `USER_NOT_FOUND` when the user is gone. */
  linkClerkUser(input: { userId: string; clerkUserId: string } & Actor): Promise<User>;
  /** The user with this email and their password hash (null before they set one): for the sign-in path only. */
  getSignInUser(email: string): Promise<{ user: User; passwordHash: string | null } | null>;
  /** Sets (or replaces) a user's password hash; `USER_NOT_FOUND` when the user is gone. */
  setPasswordHash(input: { userId: string; passwordHash: string } & Actor): Promise<User>;
  /**
   * Deletes a user and everything of theirs: keys, connections, sessions,
   * one-time tokens, OAuth flows, connect links, usage events, meters and audit. False when no such user.
   * Watchers hear a `user` change, so cached principals (and their keys) drop.
   */
  deleteUser(input: { userId: string } & Actor): Promise<boolean>;

  /** Stores a session under the hash of its token. `USER_NOT_FOUND` when the user is gone. */
  createSession(input: { userId: string; tokenHash: string; userAgent: string | null; expiresAt: number }): Promise<SessionRecord>;
  /** The unexpired session with this token hash, with its user; null when unknown, revoked or expired. */
  resolveSession(tokenHash: string): Promise<{ session: SessionRecord; user: User } | null>;
  /** Records use of a session and its new expiry; never moves either backwards. Callers throttle this. */
  touchSession(input: { id: string; at: number; expiresAt: number }): Promise<void>;
  /** A user's unexpired sessions, most recently used first. */
  listSessions(userId: string): Promise<SessionRecord[]>;
  /** Revokes one session of this user (another user's is left alone); false when there was none. */
  revokeSession(input: { id: string; userId: string }): Promise<boolean>;
  /** Revokes every session of a user; returns how many there were. */
  revokeSessions(userId: string): Promise<number>;

  /** Stores a one-time token under its hash, until `expiresAt`. */
  createOneTimeToken(input: OneTimeTokenPurpose & { tokenHash: string; expiresAt: number }): Promise<OneTimeToken>;
  /**
   * Takes the unexpired token of this kind with this hash, once: the first
   * caller gets it and it is gone for every later one — atomically, across
   * processes and replicas. Null when unknown, of another kind, used or expired.
   */
  consumeOneTimeToken(input: { tokenHash: string; kind: OneTimeTokenKind }): Promise<OneTimeToken | null>;
}
