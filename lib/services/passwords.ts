/**
 * Dashboard passwords: the rule a password must meet, and argon2id hashing
 * with `Bun.password` (its defaults: 64 MiB, 2 passes — about 0.2 s here, the
 * cost that makes a leaked hash slow to guess).
 */
import { randomBytes } from 'node:crypto';
import { ServiceError } from './errors.ts';

export const PASSWORD_MIN_CHARS = 10;
/** The upper bound keeps one sign-in attempt from costing the hub more than hashing a long passphrase. */
export const PASSWORD_MAX_CHARS = 200;

/** The password as given, or `invalid` naming the rule. */
export function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN_CHARS || password.length > PASSWORD_MAX_CHARS) {
    throw new ServiceError('invalid', `A password is ${PASSWORD_MIN_CHARS} to ${PASSWORD_MAX_CHARS} characters; this one has ${password.length}.`);
  }
  return password;
}

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: 'argon2id' });
}

/** A hash of nothing anyone knows, verified against when the email is unknown, so such a sign-in takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

/** Whether `password` matches `hash`; with no hash (unknown user, or no password yet) it spends the same time and says no. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    decoy ??= hashPassword(randomBytes(32).toString('base64'));
    await Bun.password.verify(password, await decoy);
    return false;
  }
  return Bun.password.verify(password, hash);
}
