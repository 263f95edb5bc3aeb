/**
 * Argument fields shared by several GitHub tools, described for the model.
 *
 * The path parameters (owner, repository, file path) and git refs are checked
 * here against GitHub's and git's own naming rules, so a value that would
 * change which endpoint a request reaches (`.`, `..`, `a/../b`, an encoded
 * slash) is refused with a message before anything is sent. Octokit then
 * percent-encodes each value into its URL (client.ts refuses any request
 * whose path still holds a dot segment, for a tool that forgets these).
 */
import * as z from 'zod';

/**
 * A user or organization login. New logins are letters, digits and single
 * hyphens, not starting or ending with one, at most 39; older accounts keep
 * leading, trailing and doubled hyphens, and Enterprise Managed Users carry a
 * `_shortcode` suffix (docs.github.com, "Username considerations for external
 * authentication"). Every one of those must work, and none has a `.` or `/`.
 */
export const OwnerSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,39}(?:_[A-Za-z0-9]{1,8})?$/, 'a GitHub login is letters, digits and hyphens (at most 39, plus `_shortcode` for managed users), e.g. "octocat"')
  .describe('Repository owner: a user or organization login, e.g. octocat');

/** A repository name: letters, digits, `.`, `-`, `_`, at most 100; GitHub reserves `.` and `..`. */
export const RepoNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name is letters, digits, `.`, `-` and `_` (at most 100), e.g. "hello-world"')
  .refine((name) => name !== '.' && name !== '..', 'a repository name cannot be `.` or `..`')
  .describe('Repository name, without the owner, e.g. hello-world or .github');

/** Why `ref` breaks `git check-ref-format` (the rules that matter for a name sent to GitHub), or null. */
function refProblem(ref: string): string | null {
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return 'cannot contain spaces, control characters or any of ~ ^ : ? * [ \\';
  if (ref.includes('..') || ref.includes('@{') || ref === '@') return 'cannot contain `..` or `@{`, or be `@`';
  if (ref.startsWith('-')) return 'cannot start with `-`';
  // Git would allow it, but a ref is sent as written (the hub encodes it): `%2e%2e` is an encoding someone else did.
  if (/%[0-9A-Fa-f]{2}/.test(ref)) return 'is written unencoded, so it cannot contain `%XX` escapes';
  const parts = ref.split('/');
  if (parts.some((part) => part === '')) return 'cannot start or end with `/` or contain `//`';
  if (parts.some((part) => part.startsWith('.') || part.endsWith('.lock'))) return 'has no part starting with `.` or ending in `.lock`';
  if (ref.endsWith('.')) return 'cannot end with `.`';
  return null;
}

/** A branch, tag or commit SHA, as git allows its name. */
export const GitRefSchema = z
  .string()
  .min(1)
  .max(255)
  .superRefine((ref, ctx) => {
    const problem = refProblem(ref);
    if (problem) ctx.addIssue({ code: 'custom', message: `a git branch, tag or commit SHA ${problem} (e.g. main, v1.2.0, feature/login)` });
  });

/**
 * A path inside a repository. Leading and trailing slashes are dropped ("/src/"
 * is "src"); every folder must be a real name — no empty, `.` or `..` parts —
 * and the path is written as it is in the repository: the hub encodes it, so a
 * `%2F` or `%2e` would be an encoding someone else did (or an attack).
 */
export const RepoPathSchema = z
  .string()
  .max(1024)
  .transform((path) => path.replace(/^\/+|\/+$/g, ''))
  .superRefine((path, ctx) => {
    const fail = (why: string) => ctx.addIssue({ code: 'custom', message: `a path inside the repository such as "src/index.ts" ${why}` });
    if (path === '') return;
    if (/[\x00-\x1f\x7f]/.test(path)) fail('cannot contain control characters');
    else if (path.includes('\\')) fail('separates folders with `/`, not `\\`');
    else if (/%[0-9A-Fa-f]{2}/.test(path)) fail('is written unencoded (the hub encodes it), so it cannot contain `%XX` escapes');
    else if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) fail('has no empty, `.` or `..` parts');
  });

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
