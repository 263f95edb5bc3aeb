/** Argument fields shared by several GitHub tools, described for the model. */
import * as z from 'zod';

export const owner = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub user or organization login such as "octocat"').describe('Repository owner: a user or organization login');
export const repo = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name such as "hello-world"').describe('Repository name, without the owner');
export const issueNumber = z.number().int().positive().describe('Issue number as shown after # in GitHub');
export const perPage = z.number().int().min(1).max(100).default(30).describe('Results per page (1-100, default 30)');
export const page = z.number().int().min(1).max(1000).default(1).describe('Page number, starting at 1');
export const state = z.enum(['open', 'closed', 'all']).default('open').describe('Filter by state (default open)');
export const direction = z.enum(['asc', 'desc']).default('desc').describe('Sort direction (default desc)');

/** Whether a GitHub `Link` header announces another page. */
export function hasNextPage(link: string | undefined): boolean {
  return typeof link === 'string' && /rel="next"/.test(link);
}

/** The closing line of a paginated listing, telling the model how to get more. */
export function pageNote(currentPage: number, more: boolean): string {
  return more ? `More results: call again with page ${currentPage + 1}.` : 'No more pages.';
}
