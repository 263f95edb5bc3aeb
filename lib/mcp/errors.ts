/**
 * Tool errors (STYLE.md 7): a string code and a rich `reason` for logs stay
 * local; the wire gets an `isError` result whose text a person or a model can
 * act on. Each integration maps its SDK's failures to these once, in its own
 * `errors.ts`.
 */
import type * as z from 'zod';
import type { UsageOutcome } from '../store/port.ts';

export type ToolErrorCode =
  | 'INVALID_ARGUMENTS'
  | 'INTEGRATION_NOT_CONNECTED'
  | 'UPSTREAM_AUTH_REJECTED'
  | 'UPSTREAM_FORBIDDEN'
  | 'UPSTREAM_NOT_FOUND'
  | 'UPSTREAM_BAD_REQUEST'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  /** The upstream answered with more than the hub reads for one response (MCPHUB_MAX_UPSTREAM_BYTES). */
  | 'UPSTREAM_RESPONSE_TOO_LARGE'
  /** The upstream's answer was not what its API promises: not valid JSON, or cut off before its end. */
  | 'UPSTREAM_BAD_RESPONSE';

/**
 * What a person does about an error, named by the integration and worded by
 * the hub (lib/server/hints.ts), so every integration says it the same way and
 * none knows how the hub is managed: store a new credential, or change one of
 * the connection's settings (`assignment` such as `allow_writes=on`).
 */
export type ToolErrorFix = { kind: 'reconnect' } | { kind: 'change_setting'; assignment: string };

export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly code: ToolErrorCode,
    /** Shown to the model and the person: what happened and, unless `fix` says it, what to do. */
    message: string,
    /** For logs only (upstream status, request id); must never hold a credential. */
    readonly reason?: string,
    /** The person's part, appended to `message` by the executor in the hub's words. */
    readonly fix?: ToolErrorFix,
  ) {
    super(message);
  }
}

/** The usage outcome a tool error is recorded as. */
export function outcomeOf(code: ToolErrorCode): UsageOutcome {
  switch (code) {
    case 'INVALID_ARGUMENTS':
      return 'invalid_arguments';
    case 'INTEGRATION_NOT_CONNECTED':
      return 'not_enabled';
    case 'UPSTREAM_TIMEOUT':
      return 'timeout';
    case 'UPSTREAM_AUTH_REJECTED':
    case 'UPSTREAM_FORBIDDEN':
    case 'UPSTREAM_NOT_FOUND':
    case 'UPSTREAM_BAD_REQUEST':
    case 'UPSTREAM_RATE_LIMITED':
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_RESPONSE_TOO_LARGE':
    case 'UPSTREAM_BAD_RESPONSE':
      return 'upstream_error';
  }
}

/** "in 4 min (at 12:04:00 UTC)" for a rate-limit reset given in epoch seconds. */
export function describeReset(resetEpochSeconds: number, now = Date.now()): string {
  const at = new Date(resetEpochSeconds * 1000);
  const minutes = Math.max(1, Math.ceil((at.getTime() - now) / 60_000));
  return `in ${minutes} min (at ${at.toISOString().slice(11, 19)} UTC)`;
}

/** "`title`: expected string, received undefined; `labels.0`: …" — names each field and what it needs. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => `\`${issue.path.length ? issue.path.join('.') : '(arguments)'}\`: ${issue.message}`)
    .join('; ');
}
