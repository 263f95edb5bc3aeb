/** Argument fields shared by several Notion tools, described for the model. */
import { extractNotionId } from '@notionhq/client';
import * as z from 'zod';

/** A Notion ID, with or without dashes, or a notion.so URL that contains one; parsed to the dashed form. */
export function notionId(what: string) {
  return z
    .string()
    .min(1)
    .max(2_000)
    .transform((value, ctx) => {
      const id = extractNotionId(value);
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
