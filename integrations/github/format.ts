/**
 * Shapes GitHub objects for a model: the fields that matter, as text and as
 * `structuredContent`. Bodies are cut short so a listing stays readable.
 */
import { truncate } from '../../lib/mcp/output.ts';

const BODY_PREVIEW_CHARS = 2_000;

interface UserLike { login: string }
interface LabelLike { name?: string }

export interface IssueLike {
  number: number;
  title: string;
  state: string;
  html_url: string;
  user?: UserLike | null;
  labels?: Array<LabelLike | string>;
  assignees?: UserLike[] | null;
  comments?: number;
  created_at: string;
  updated_at: string;
  body?: string | null;
  pull_request?: unknown;
}

export function summarizeIssue(issue: IssueLike) {
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state,
    url: issue.html_url,
    author: issue.user?.login ?? null,
    labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    comments: issue.comments ?? 0,
    isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
  };
}

export function issueLine(issue: IssueLike): string {
  const s = summarizeIssue(issue);
  const labels = s.labels.length ? ` [${s.labels.join(', ')}]` : '';
  return `#${s.number} ${s.title} (${s.state}${s.isPullRequest ? ', pull request' : ''}) by ${s.author ?? 'unknown'}${labels}, ${s.comments} comments, updated ${s.updatedAt} — ${s.url}`;
}

export function issueDetail(issue: IssueLike): { text: string; body: string } {
  const body = truncate(issue.body ?? '', BODY_PREVIEW_CHARS, 'the body continues on GitHub');
  return { text: `${issueLine(issue)}\n\n${body || '(no description)'}`, body };
}

export interface RepoLike {
  full_name: string;
  description?: string | null;
  private: boolean;
  html_url: string;
  default_branch?: string;
  stargazers_count?: number;
  forks_count?: number;
  open_issues_count?: number;
  language?: string | null;
  updated_at?: string | null;
  archived?: boolean;
}

export function summarizeRepo(repo: RepoLike) {
  return {
    fullName: repo.full_name,
    description: repo.description ?? null,
    private: repo.private,
    url: repo.html_url,
    defaultBranch: repo.default_branch ?? null,
    stars: repo.stargazers_count ?? 0,
    forks: repo.forks_count ?? 0,
    openIssues: repo.open_issues_count ?? 0,
    language: repo.language ?? null,
    archived: repo.archived ?? false,
    updatedAt: repo.updated_at ?? null,
  };
}

export function repoLine(repo: RepoLike): string {
  const s = summarizeRepo(repo);
  const flags = [s.private ? 'private' : 'public', s.archived ? 'archived' : '', s.language ?? ''].filter(Boolean).join(', ');
  return `${s.fullName} (${flags}) ★${s.stars} — ${s.description ?? 'no description'} — ${s.url}`;
}

export interface PullLike {
  number: number;
  title: string;
  state: string;
  html_url: string;
  draft?: boolean;
  merged_at?: string | null;
  user?: { login: string } | null;
  head: { ref: string };
  base: { ref: string };
  created_at: string;
  updated_at: string;
}

export function summarizePull(pull: PullLike) {
  return {
    number: pull.number,
    title: pull.title,
    state: pull.merged_at ? 'merged' : pull.state,
    draft: pull.draft ?? false,
    url: pull.html_url,
    author: pull.user?.login ?? null,
    head: pull.head.ref,
    base: pull.base.ref,
    createdAt: pull.created_at,
    updatedAt: pull.updated_at,
  };
}

export function pullLine(pull: PullLike): string {
  const s = summarizePull(pull);
  return `#${s.number} ${s.title} (${s.state}${s.draft ? ', draft' : ''}) ${s.head} → ${s.base} by ${s.author ?? 'unknown'}, updated ${s.updatedAt} — ${s.url}`;
}
