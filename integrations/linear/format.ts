/**
 * Shapes Linear objects for a model: the fields that matter, as text and as
 * `structuredContent`.
 *
 * The SDK's models hold related objects (state, assignee, project) as ids and
 * fetch each one lazily, which would cost one request per issue and field.
 * `loadRefs` instead fetches every state, user and project a page refers to
 * in three batched queries (`id in [...]`), run in parallel.
 */
import type { Comment, Cycle, Issue, IssueSearchResult, Project, Team, User, WorkflowState } from '@linear/sdk';
import { truncate } from '../../lib/mcp/output.ts';
import type { LinearClient } from './client.ts';

const DESCRIPTION_PREVIEW_CHARS = 4_000;
const COMMENT_PREVIEW_CHARS = 1_500;

type IssueLike = Issue | IssueSearchResult;

export interface Refs {
  states: Map<string, WorkflowState>;
  users: Map<string, User>;
  projects: Map<string, Project>;
}

const unique = (ids: Array<string | undefined>): string[] => [...new Set(ids.filter((id): id is string => Boolean(id)))];

/** Fetches the states, users and projects the given ids name, one query per kind. */
export async function loadRefs(client: LinearClient, ids: { states?: Array<string | undefined>; users?: Array<string | undefined>; projects?: Array<string | undefined> }): Promise<Refs> {
  const states = unique(ids.states ?? []);
  const users = unique(ids.users ?? []);
  const projects = unique(ids.projects ?? []);
  const [s, u, p] = await Promise.all([
    states.length ? client.workflowStates({ filter: { id: { in: states } }, first: states.length }).then((c) => c.nodes) : [],
    users.length ? client.users({ filter: { id: { in: users } }, first: users.length, includeDisabled: true }).then((c) => c.nodes) : [],
    projects.length ? client.projects({ filter: { id: { in: projects } }, first: projects.length }).then((c) => c.nodes) : [],
  ]);
  return { states: new Map(s.map((x) => [x.id, x])), users: new Map(u.map((x) => [x.id, x])), projects: new Map(p.map((x) => [x.id, x])) };
}

/** The refs a page of issues needs. */
export function loadIssueRefs(client: LinearClient, issues: IssueLike[], extraUsers: Array<string | undefined> = []): Promise<Refs> {
  return loadRefs(client, { states: issues.map((i) => i.stateId), users: [...issues.map((i) => i.assigneeId), ...extraUsers], projects: issues.map((i) => i.projectId) });
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export function userName(user: User | undefined): string | null {
  return user ? user.displayName || user.name : null;
}

export function summarizeIssue(issue: IssueLike, refs: Refs) {
  const state = issue.stateId ? refs.states.get(issue.stateId) : undefined;
  return {
    identifier: issue.identifier,
    title: issue.title,
    state: state?.name ?? null,
    stateType: state?.type ?? null,
    assignee: issue.assigneeId ? (userName(refs.users.get(issue.assigneeId)) ?? issue.assigneeId) : null,
    priority: issue.priorityLabel,
    project: issue.projectId ? (refs.projects.get(issue.projectId)?.name ?? null) : null,
    url: issue.url,
    createdAt: iso(issue.createdAt),
    updatedAt: iso(issue.updatedAt),
  };
}

export function issueLine(issue: IssueLike, refs: Refs): string {
  const s = summarizeIssue(issue, refs);
  const project = s.project ? ` · project ${s.project}` : '';
  return `${s.identifier} ${s.title} (${s.state ?? 'unknown state'}, ${s.priority}) → ${s.assignee ?? 'unassigned'}${project}, updated ${s.updatedAt} — ${s.url}`;
}

export function issueDetail(issue: Issue, refs: Refs) {
  const description = truncate(issue.description ?? '', DESCRIPTION_PREVIEW_CHARS, 'the description continues in Linear');
  const creator = issue.creatorId ? userName(refs.users.get(issue.creatorId)) : null;
  return {
    ...summarizeIssue(issue, refs),
    creator,
    estimate: issue.estimate ?? null,
    dueDate: issue.dueDate ?? null,
    branchName: issue.branchName,
    description,
  };
}

export function summarizeComment(comment: Comment, refs: Refs) {
  return {
    id: comment.id,
    author: comment.userId ? (userName(refs.users.get(comment.userId)) ?? comment.userId) : null,
    body: truncate(comment.body, COMMENT_PREVIEW_CHARS, 'the comment continues in Linear'),
    createdAt: iso(comment.createdAt),
    url: comment.url,
  };
}

export function summarizeUser(user: User) {
  return { id: user.id, name: user.name, displayName: user.displayName, email: user.email, active: user.active, admin: user.admin, isMe: user.isMe, url: user.url };
}

export function userLine(user: User): string {
  const flags = [user.isMe ? 'you' : '', user.admin ? 'admin' : '', user.active ? '' : 'deactivated'].filter(Boolean).join(', ');
  return `${user.displayName} — ${user.name} <${user.email}>${flags ? ` (${flags})` : ''}`;
}

export function summarizeTeam(team: Team) {
  return { id: team.id, key: team.key, name: team.name, description: team.description ?? null, private: team.private, cyclesEnabled: team.cyclesEnabled, issueCount: team.issueCount };
}

export function teamLine(team: Team): string {
  return `${team.key} ${team.name}${team.private ? ' (private)' : ''}${team.description ? ` — ${team.description}` : ''}, ${team.issueCount} issues${team.cyclesEnabled ? ', cycles on' : ''}`;
}

export function summarizeProject(project: Project, refs: Refs) {
  return {
    id: project.id,
    name: project.name,
    state: project.state,
    progress: Math.round(project.progress * 100),
    lead: project.leadId ? (userName(refs.users.get(project.leadId)) ?? project.leadId) : null,
    startDate: project.startDate ?? null,
    targetDate: project.targetDate ?? null,
    url: project.url,
  };
}

export function projectLine(project: Project, refs: Refs): string {
  const s = summarizeProject(project, refs);
  const dates = s.targetDate ? `, target ${s.targetDate}` : '';
  return `${s.name} (${s.state}, ${s.progress}% done${dates}) lead ${s.lead ?? 'none'} — ${s.url}`;
}

export function summarizeCycle(cycle: Cycle) {
  const status = cycle.isActive ? 'current' : cycle.isNext ? 'next' : cycle.isPrevious ? 'previous' : cycle.isFuture ? 'upcoming' : 'past';
  return {
    id: cycle.id,
    number: cycle.number,
    name: cycle.name ?? null,
    status,
    startsAt: iso(cycle.startsAt),
    endsAt: iso(cycle.endsAt),
    progress: Math.round(cycle.progress * 100),
    completedAt: iso(cycle.completedAt),
  };
}

export function cycleLine(cycle: Cycle): string {
  const s = summarizeCycle(cycle);
  return `Cycle ${s.number}${s.name ? ` "${s.name}"` : ''} (${s.status}) ${s.startsAt?.slice(0, 10)} → ${s.endsAt?.slice(0, 10)}, ${s.progress}% done`;
}
