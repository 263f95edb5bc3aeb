/** Argument fields shared by several Notion tools, described for the model. */
import { extractNotionId } from '@notionhq/client';
import * as z from 'zod';

/** A bare Notion ID: 32 hex digits, or the same as a dashed UUID. */
const BARE_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * A Notion ID, with or without dashes, or an http(s) URL that contains one (as
 * copied from the browser); parsed to the dashed UUID form. The SDK puts the
 * ID into the request path as it is, so only that canonical form is ever sent:
 * anything else (`..`, `a/../b`, text around an ID) is refused, not searched
 * for 32 hex digits the way `extractNotionId` alone would.
 */
export function notionId(what: string) {
  return z
    .string()
    .min(1)
    .max(2_000)
    .transform((value, ctx) => {
      const trimmed = value.trim();
      const id = BARE_ID.test(trimmed) || /^https?:\/\//i.test(trimmed) ? extractNotionId(trimmed) : null;
      if (!id) ctx.addIssue({ code: 'custom', message: `not a Notion ${what} ID or URL (expected 32 hex characters, e.g. from https://www.notion.so/My-Page-1a2b…)` });
      return id ?? z.NEVER;
    })
    .describe(`${what[0]!.toUpperCase()}${what.slice(1)} ID (32 hex characters, dashes optional) or its Notion URL`);
}

export const pageSize = z.number().int().min(1).max(100).default(25).describe('Results per page (1-100, default 25)');
export const startCursor = z.string().min(1).max(200).optional().describe('The next_cursor from a previous call, to get the next page');

/** The closing line of a cursor-paginated listing, telling the model how to get more. */
export function cursorNote(nextCursor: string | null | undefined): string {
  return nextCursor ? `More results: call again with start_cursor "${nextCursor}".` : 'No more results.';
}
