/** Argument fields shared by several Slack tools, described for the model, and Slack time conversions. */
import * as z from 'zod';

/*
 * Slack IDs travel as form fields, never in a URL path, but are still held to
 * Slack's shape — a type letter, then upper-case letters and digits — so nothing
 * else is sent as one. IDs have grown from 9 to 11 characters, so the bound is loose.
 */
export const channel = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,40}$/, 'a Slack channel ID such as C0123456789 (get it from list_channels)')
  .describe('Channel ID such as C0123456789, from list_channels (names like #general are not accepted)');
export const user = z.string().regex(/^[UW][A-Z0-9]{2,40}$/, 'a Slack user ID such as U0123456789 (get it from list_users)').describe('User ID such as U0123456789, from list_users or a message');
export const messageTs = z
  .string()
  .regex(/^\d{9,10}\.\d{6}$/, 'a Slack message timestamp such as 1700000000.000100')
  .describe('The message\'s ts (its ID within the channel), such as 1700000000.000100, as shown by get_channel_history');
export const cursor = z.string().min(1).max(500).optional().describe('Cursor from the previous page\'s "More results" line; omit for the first page');

/** A Slack ts ("1700000000.000100") or an ISO 8601 date-time as a Slack ts; undefined when it is neither. */
export function toSlackTs(value: string): string | undefined {
  if (/^\d{9,10}(\.\d{1,6})?$/.test(value)) return value;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : (ms / 1000).toFixed(6);
}

export const timeBound = (which: 'oldest' | 'latest') =>
  z
    .string()
    .refine((v) => toSlackTs(v) !== undefined, 'an ISO 8601 date-time such as 2026-11-02T09:00:00Z, or a Slack ts such as 1700000000.000100')
    .optional()
    .describe(
      which === 'oldest'
        ? 'Only messages after this time: an ISO 8601 date-time (2026-11-02T09:00:00Z) or a Slack ts'
        : 'Only messages before this time: an ISO 8601 date-time (2026-11-02T17:00:00Z) or a Slack ts',
    );

/** The next cursor Slack gave, or undefined when the listing is complete (Slack sends "" then). */
export function nextCursorOf(result: { response_metadata?: { next_cursor?: string } }): string | undefined {
  const next = result.response_metadata?.next_cursor;
  return next ? next : undefined;
}

/** The closing line of a cursor-paginated listing, telling the model how to get more. */
export function cursorNote(next: string | undefined): string {
  return next ? `More results: call again with cursor "${next}".` : 'No more results.';
}
