/**
 * The one error a use case throws for an expected refusal. Each surface maps
 * the code once: the management API to an HTTP status and
 * `{ error: { code, message } }`, the CLI to its exit codes. The message says
 * what happened and how to fix it, in the hub's words (lib/server/hints.ts);
 * it never holds a secret.
 */
import { StoreError } from '../store/port.ts';

export type ServiceErrorCode =
  /** No such user, key, integration or connection — or one that belongs to another user (never told apart). */
  | 'not_found'
  /** The input cannot be right (an empty name, an unknown setting, a malformed credential). */
  | 'invalid'
  /** It clashes with what exists (an email already taken, a key already revoked). */
  | 'conflict'
  /** The service refused the credential (revoked, wrong, lacking access); its reason is in the message. */
  | 'credential_rejected'
  /** The service could not be reached or did not answer, so the credential could not be checked. */
  | 'upstream_unreachable'
  /** Who is asking could not be told: a wrong email or password (never told apart). */
  | 'unauthenticated'
  /** The signed-in user may not do this (a member acting on someone else, or on what only an admin does). */
  | 'forbidden'
  /** Too many failed attempts; `retryAfterSeconds` says when to try again. */
  | 'rate_limited'
  /** The user's plan allows no more of this (keys, enabled integrations); the message names the limit and how to make room or upgrade. */
  | 'plan_limit';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** Seconds, for `rate_limited` (an API sends it as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The store's expected refusals as service errors; anything else (a bug, an outage) passes through unchanged. */
export function fromStoreError(error: unknown, messages: Partial<Record<StoreError['code'], string>> = {}): unknown {
  if (!(error instanceof StoreError)) return error;
  const message = messages[error.code] ?? error.message;
  switch (error.code) {
    case 'EMAIL_TAKEN':
    case 'CLERK_ID_TAKEN':
    case 'SLUG_TAKEN':
      return new ServiceError('conflict', message);
    case 'USER_NOT_FOUND':
    case 'KEY_NOT_FOUND':
    case 'TOOLSET_NOT_FOUND':
      return new ServiceError('not_found', message);
    case 'TOOLSET_NAME_TAKEN':
    case 'TOOLSET_IN_USE':
      return new ServiceError('conflict', message);
    case 'INVALID_INPUT':
      return new ServiceError('invalid', message);
  }
}
