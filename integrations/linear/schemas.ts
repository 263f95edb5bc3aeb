/** Argument fields shared by several Linear tools, described for the model. */
import type { PageInfo } from '@linear/sdk';
import * as z from 'zod';

export const teamKey = z.string().trim().regex(/^[A-Za-z0-9]{1,10}$/, 'a team key such as "ENG"').describe('Team key, the prefix of its issue identifiers (ENG for ENG-123); list_teams shows them');
/**
 * An issue by identifier (team key, `-`, number) or UUID. Linear takes it as a
 * GraphQL variable, never in a URL, but it is still held to those two shapes
 * so nothing else (`..`, a query fragment) is sent as an ID.
 */
export const issueRef = z
  .string()
  .trim()
  .regex(/^(?:[A-Za-z0-9]{1,10}-\d{1,7}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, 'an issue identifier such as "ENG-123", or the issue\'s UUID')
  .describe('Issue identifier such as ENG-123 (or its UUID)');
export const userRef = z.string().trim().min(1).max(200).describe('"me", an email address, or a display name or full name as list_users shows it');
export const first = z.number().int().min(1).max(100).default(25).describe('Results per page (1-100, default 25)');
export const after = z.string().min(1).max(500).optional().describe('Cursor from the previous page\'s endCursor, to get the next page');

/** Linear priorities by name; the API takes the number. */
export const PRIORITIES = { none: 0, urgent: 1, high: 2, medium: 3, low: 4 } as const;
export const priority = z.enum(['none', 'urgent', 'high', 'medium', 'low']).describe('Priority: urgent, high, medium, low, or none');

/** The closing line of a paginated listing, telling the model how to get more. */
export function pageNote(pageInfo: PageInfo): string {
  return pageInfo.hasNextPage && pageInfo.endCursor ? `More results: call again with after: "${pageInfo.endCursor}".` : 'No more pages.';
}

/** The pagination part of a structured result. */
export function pageOf(pageInfo: PageInfo) {
  return { hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.hasNextPage ? (pageInfo.endCursor ?? null) : null };
}
