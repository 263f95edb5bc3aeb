/**
 * The GraphQL operations the Linear fake answers, by the SDK's operation
 * names (`issues`, `createIssue`, `team_cycles`, …). Special issue
 * identifiers fail on purpose (see `index.ts`); mutations change the data in
 * place and bump `lastSyncId`.
 */

import { stateOf, uuid } from './data.ts';
import type { CommentRec, IssueRec, LinearData, UserRec } from './data.ts';
import { FakeFailure, connection, graphqlError, matches, notFound } from './graphql.ts';
import type { Json } from './graphql.ts';
import { createViews } from './views.ts';

/** Builds `resolve(operation, variables, viewer)` over one fake's data: the `data` part of the answer, or a thrown `FakeFailure`. */
export function createResolver(data: LinearData, options: { slowMs?: number }) {
  const { users, teams, states, projects, cycles, labels, issues, comments } = data;
  const { identifier, userJson, teamJson, stateJson, projectJson, cycleJson, labelJson, issueJson, commentJson } = createViews(data);

  /** Finds an issue by UUID or identifier; the special identifiers fail on purpose. */
  async function findIssue(ref: string): Promise<IssueRec> {
    const key = ref.toUpperCase();
    if (key === 'LIMIT-1') {
      const reset = Date.now() + 240_000;
      throw new FakeFailure(400, graphqlError('Rate limit exceeded', 'ratelimited', 'RATELIMITED', 429, 'You have exceeded the rate limit of 1500 requests per hour. Please try again later.'), {
        'x-ratelimit-requests-limit': '1500', 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(reset),
      });
    }
    if (key === 'BROKEN-1') throw new FakeFailure(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    if (key === 'SECRET-1') throw new FakeFailure(200, graphqlError('Forbidden', 'forbidden', 'FORBIDDEN', 403, 'You don\'t have access to this team.', ['issue']));
    if (key === 'SLOW-1') {
      await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 3_000));
      return issues[0]!;
    }
    const issue = issues.find((i) => i.id === ref || identifier(i) === key);
    if (!issue) throw notFound('Issue', 'issue');
    return issue;
  }
  const findTeam = (ref: string) => {
    const team = teams.find((t) => t.id === ref || t.key === ref.toUpperCase());
    if (!team) throw notFound('Team', 'team');
    return team;
  };
  const byNewest = (field: 'createdAt' | 'updatedAt') => (a: IssueRec, b: IssueRec) => b[field] - a[field];

  async function resolve(operation: string, v: Json, viewer: UserRec): Promise<Json> {
    const me = viewer.id;
    switch (operation) {
      case 'viewer':
        return { viewer: userJson(viewer, me) };
      case 'teams':
        return { teams: connection(teams.map(teamJson).filter((t) => matches(t, v.filter)), v) };
      case 'users':
        return { users: connection(users.filter((u) => u.active || v.includeDisabled).map((u) => userJson(u, me)).filter((u) => matches(u, v.filter)), v) };
      case 'workflowStates':
        return { workflowStates: connection(states.map(stateJson).filter((s) => matches(s, v.filter)), v) };
      case 'projects':
        return { projects: connection(projects.map((p) => projectJson(p, me)).filter((p) => matches(p, v.filter)), v) };
      case 'issues': {
        const sorted = [...issues].sort(byNewest(v.orderBy === 'updatedAt' ? 'updatedAt' : 'createdAt'));
        return { issues: connection(sorted.map((i) => issueJson(i, me)).filter((i) => matches(i, v.filter)), v) };
      }
      case 'searchIssues': {
        const words = String(v.term).toLowerCase().split(/\s+/).filter(Boolean);
        const text = (i: IssueRec) => [i.title, i.description ?? '', ...(v.includeComments ? comments.filter((c) => c.issueId === i.id).map((c) => c.body) : [])].join('\n').toLowerCase();
        const hits = issues.filter((i) => words.every((w) => text(i).includes(w))).map((i) => ({ ...issueJson(i, me), metadata: { score: 1 } })).filter((i) => matches(i, v.filter));
        const page = connection(hits, v);
        return { searchIssues: { ...page, totalCount: hits.length, archivePayload: { archive: '', totalCount: 0, databaseVersion: data.lastSyncId, includesDependencies: [] } } };
      }
      case 'issue':
        return { issue: issueJson(await findIssue(v.id), me) };
      case 'issue_comments': {
        const issue = await findIssue(v.id);
        const list = comments.filter((c) => c.issueId === issue.id).sort((a, b) => a.createdAt - b.createdAt).map((c) => commentJson(c, me));
        return { issue: { comments: connection(list, v) } };
      }
      case 'issue_labels': {
        const issue = await findIssue(v.id);
        return { issue: { labels: connection(labels.filter((l) => issue.labelIds.includes(l.id)).map(labelJson), v) } };
      }
      case 'createIssue': {
        const input = v.input;
        const team = findTeam(input.teamId);
        if (input.assigneeId && !team.memberIds.includes(input.assigneeId)) {
          throw new FakeFailure(200, graphqlError('Argument Validation Error', 'invalid input', 'INPUT_ERROR', 400, 'Assignee is not a member of the issue\'s team.', ['issueCreate']));
        }
        const now = Date.now();
        const issue: IssueRec = {
          id: uuid(7, 1000 + issues.length), teamId: team.id, number: Math.max(0, ...issues.filter((i) => i.teamId === team.id).map((i) => i.number)) + 1, title: input.title,
          description: input.description ?? null, stateId: input.stateId ?? stateOf(states, team, 'Todo').id, assigneeId: input.assigneeId ?? null, creatorId: me, projectId: input.projectId ?? null,
          cycleId: null, priority: input.priority ?? 0, labelIds: [], createdAt: now, updatedAt: now,
        };
        issues.push(issue);
        return { issueCreate: { success: true, lastSyncId: ++data.lastSyncId, issue: issueJson(issue, me) } };
      }
      case 'updateIssue': {
        const issue = await findIssue(v.id);
        const input = v.input;
        if (input.stateId !== undefined) issue.stateId = input.stateId;
        if (input.assigneeId !== undefined) issue.assigneeId = input.assigneeId;
        if (input.priority !== undefined) issue.priority = input.priority;
        if (input.title !== undefined) issue.title = input.title;
        if (input.description !== undefined) issue.description = input.description;
        issue.updatedAt = Date.now();
        return { issueUpdate: { success: true, lastSyncId: ++data.lastSyncId, issue: issueJson(issue, me) } };
      }
      case 'createComment': {
        const issue = await findIssue(v.input.issueId);
        const comment: CommentRec = { id: uuid(8, 100 + comments.length), issueId: issue.id, userId: me, body: v.input.body, createdAt: Date.now() };
        comments.push(comment);
        return { commentCreate: { success: true, lastSyncId: ++data.lastSyncId, comment: commentJson(comment, me) } };
      }
      case 'comment': {
        const comment = comments.find((c) => c.id === v.id);
        if (!comment) throw notFound('Comment', 'comment');
        return { comment: commentJson(comment, me) };
      }
      case 'team_cycles': {
        const team = findTeam(v.id);
        return { team: { cycles: connection(cycles.filter((c) => c.teamId === team.id).map(cycleJson).filter((c) => matches(c, v.filter)), v) } };
      }
      case 'team_states': {
        const team = findTeam(v.id);
        return { team: { states: connection(states.filter((s) => s.teamId === team.id).map(stateJson).filter((s) => matches(s, v.filter)), v) } };
      }
      default:
        // Linear answers an unknown field with a GraphQL validation error; here it means the fake lacks an operation.
        throw new FakeFailure(400, graphqlError(`Cannot query operation "${operation}" on the fake`, 'graphql error', 'GRAPHQL_VALIDATION_FAILED', 400, `Unsupported operation ${operation}`));
    }
  }

  return resolve;
}
