/**
 * A Linear-shaped GraphQL API on 127.0.0.1, so the real `@linear/sdk` runs
 * against it. It answers the SDK's own named operations (`query issues`,
 * `mutation createIssue`, `query team_cycles`, …) with complete objects in
 * Linear's shapes — the SDK's generated models read many fields and fail on
 * missing ones such as `reactions` or `sharedAccess` — evaluates the filter
 * subset the tools send (comparators, `and`/`or`, nested relations, `some`),
 * paginates with Relay cursors, and sends Linear's error bodies
 * (`extensions.type` / `code` / `userPresentableMessage`) and X-RateLimit-*
 * headers. It keeps state (created issues and comments) and records each
 * operation with the API key presented, for isolation checks.
 *
 * Special issue identifiers trigger failures: `LIMIT-1` (RATELIMITED with a
 * reset), `BROKEN-1` (502 HTML page), `SECRET-1` (FORBIDDEN), `SLOW-1`
 * (answers after `slowMs`); an unknown identifier is "Entity not found";
 * assigning a new issue to someone outside its team is an "invalid input".
 */

export interface FakeLinearRequest {
  operation: string;
  variables: Record<string, unknown>;
  /** The Authorization header as presented (a personal key has no "Bearer "), or null. */
  token: string | null;
}

export interface FakeLinear {
  /** The GraphQL endpoint (what MCPHUB_LINEAR_API_URL holds). */
  url: string;
  requests: FakeLinearRequest[];
  /** Keys accepted, by key → display name of a seeded user (alice, bob, carol). */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

// Filters and variables arrive as arbitrary JSON.
type Json = any;

const T0 = Date.parse('2026-11-01T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const uuid = (kind: number, n: number) => `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;
const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

interface UserRec { id: string; name: string; displayName: string; email: string; admin: boolean; active: boolean }
interface TeamRec { id: string; key: string; name: string; description: string | null; private: boolean; cyclesEnabled: boolean; memberIds: string[] }
interface StateRec { id: string; teamId: string; name: string; type: string; color: string; position: number }
interface ProjectRec { id: string; name: string; teamIds: string[]; leadId: string | null; statusType: string; progress: number; startDate: string | null; targetDate: string | null }
interface CycleRec { id: string; teamId: string; number: number; name: string | null; startsAt: number; endsAt: number; status: 'past' | 'previous' | 'active' | 'next' | 'future'; progress: number }
interface LabelRec { id: string; name: string; color: string }
interface IssueRec {
  id: string; teamId: string; number: number; title: string; description: string | null; stateId: string; assigneeId: string | null; creatorId: string;
  projectId: string | null; cycleId: string | null; priority: number; labelIds: string[]; createdAt: number; updatedAt: number;
}
interface CommentRec { id: string; issueId: string; userId: string; body: string; createdAt: number }

/** Linear's GraphQL error body: one error with `extensions` as Linear fills them. */
function graphqlError(message: string, type: string, code: string, statusCode: number, userPresentableMessage: string, path?: string[]) {
  return { errors: [{ message, ...(path ? { path } : {}), extensions: { type, code, statusCode, userError: statusCode < 500, userPresentableMessage } }], data: null };
}

/** Thrown by a resolver; becomes an error response. */
class FakeFailure {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {}
}

const notFound = (type: string, path: string) => new FakeFailure(200, graphqlError(`Entity not found: ${type}`, 'invalid input', 'INPUT_ERROR', 404, `Could not find referenced ${type}.`, [path]));

/** Evaluates a Linear filter (comparators, and/or, nested relations, some/every) against a view object. */
function matches(value: Json, filter: Json): boolean {
  if (filter === undefined || filter === null) return true;
  return Object.entries(filter).every(([key, cond]: [string, Json]) => {
    switch (key) {
      case 'and': return cond.every((f: Json) => matches(value, f));
      case 'or': return cond.some((f: Json) => matches(value, f));
      case 'eq': return value === cond;
      case 'neq': return value !== cond;
      case 'in': return cond.includes(value);
      case 'nin': return !cond.includes(value);
      case 'eqIgnoreCase': return typeof value === 'string' && value.toLowerCase() === String(cond).toLowerCase();
      case 'contains': return typeof value === 'string' && value.includes(cond);
      case 'containsIgnoreCase': return typeof value === 'string' && value.toLowerCase().includes(String(cond).toLowerCase());
      case 'null': return (value === null || value === undefined) === cond;
      case 'some': return Array.isArray(value) && value.some((v) => matches(v, cond));
      case 'every': return Array.isArray(value) && value.every((v) => matches(v, cond));
      default: {
        // Relations only filters use (a project's teams) live under `_name` and are left out of responses.
        const field = value?.[key] !== undefined ? value[key] : value?.[`_${key}`];
        return matches(field ?? null, cond);
      }
    }
  });
}

/** A Relay connection page: `after` is the id of the last node seen, as Linear's cursors are. */
function connection<T extends { id: string }>(all: T[], vars: Json) {
  const start = vars.after ? all.findIndex((n) => n.id === vars.after) + 1 : 0;
  const first = typeof vars.first === 'number' ? vars.first : 50;
  const nodes = all.slice(start, start + first);
  return {
    nodes,
    pageInfo: { hasNextPage: start + first < all.length, hasPreviousPage: start > 0, startCursor: nodes[0]?.id ?? null, endCursor: nodes.at(-1)?.id ?? null },
  };
}

/** Drops the filter-only `_` fields from a response. */
const serialize = (body: unknown) => JSON.stringify(body, (key, value) => (key.startsWith('_') ? undefined : value));

export function startFakeLinear(options: { slowMs?: number } = {}): FakeLinear {
  const tokens = new Map<string, string>();
  const requests: FakeLinearRequest[] = [];
  let lastSyncId = 1000;

  const users: UserRec[] = [
    { id: uuid(1, 1), name: 'Alice Liddell', displayName: 'alice', email: 'alice@acme.test', admin: true, active: true },
    { id: uuid(1, 2), name: 'Bob Builder', displayName: 'bob', email: 'bob@acme.test', admin: false, active: true },
    { id: uuid(1, 3), name: 'Carol Danvers', displayName: 'carol', email: 'carol@acme.test', admin: false, active: true },
    { id: uuid(1, 4), name: 'Dave Gone', displayName: 'dave', email: 'dave@acme.test', admin: false, active: false },
  ];
  const [alice, bob, carol] = users as [UserRec, UserRec, UserRec, UserRec];
  const teams: TeamRec[] = [
    { id: uuid(2, 1), key: 'ENG', name: 'Engineering', description: 'Builds the product', private: false, cyclesEnabled: true, memberIds: [alice.id, bob.id] },
    { id: uuid(2, 2), key: 'DES', name: 'Design', description: null, private: false, cyclesEnabled: false, memberIds: [alice.id, carol.id] },
  ];
  const [eng, des] = teams as [TeamRec, TeamRec];
  const STATE_SEED: Array<[string, string, string]> = [['Backlog', 'backlog', '#bec2c8'], ['Todo', 'unstarted', '#e2e2e2'], ['In Progress', 'started', '#f2c94c'], ['Done', 'completed', '#5e6ad2'], ['Canceled', 'canceled', '#95a2b3']];
  const states: StateRec[] = teams.flatMap((team, t) => STATE_SEED.map(([name, type, color], i) => ({ id: uuid(3, t * 10 + i + 1), teamId: team.id, name, type, color, position: i })));
  const stateOf = (team: TeamRec, name: string) => states.find((s) => s.teamId === team.id && s.name === name)!;
  const projects: ProjectRec[] = [
    { id: uuid(4, 1), name: 'Launch', teamIds: [eng.id], leadId: alice.id, statusType: 'started', progress: 0.4, startDate: '2026-10-01', targetDate: '2026-12-15' },
    { id: uuid(4, 2), name: 'Website', teamIds: [des.id], leadId: carol.id, statusType: 'planned', progress: 0, startDate: null, targetDate: null },
    { id: uuid(4, 3), name: 'Migration', teamIds: [eng.id], leadId: bob.id, statusType: 'completed', progress: 1, startDate: '2026-06-01', targetDate: '2026-09-30' },
  ];
  const CYCLE_STATUS = ['past', 'previous', 'active', 'next', 'future'] as const;
  const cycles: CycleRec[] = CYCLE_STATUS.map((status, i) => ({
    id: uuid(5, i + 1), teamId: eng.id, number: i + 1, name: i === 2 ? 'Polish' : null, startsAt: T0 + (i - 2) * 14 * DAY, endsAt: T0 + (i - 1) * 14 * DAY, status, progress: i < 2 ? 1 : i === 2 ? 0.55 : 0,
  }));
  const labels: LabelRec[] = [{ id: uuid(6, 1), name: 'bug', color: '#eb5757' }, { id: uuid(6, 2), name: 'feature', color: '#bb87fc' }];
  const issues: IssueRec[] = [];
  const comments: CommentRec[] = [];
  const STATE_ROTATION = ['Todo', 'In Progress', 'Done', 'Backlog', 'Canceled'];
  for (let i = 1; i <= 30; i++) {
    issues.push({
      id: uuid(7, i), teamId: eng.id, number: i,
      title: i === 2 ? 'Login timeout on slow networks' : `Seeded issue ${i}`,
      description: i === 1 ? 'The first issue.\n\n' + 'x'.repeat(6_000) : `Body of issue ${i}`,
      stateId: stateOf(eng, STATE_ROTATION[i % 5]!).id, assigneeId: i % 3 === 0 ? alice.id : i % 3 === 1 ? bob.id : null, creatorId: alice.id,
      projectId: i % 4 === 0 ? projects[0]!.id : null, cycleId: i % 2 === 0 ? cycles[2]!.id : null, priority: i % 5, labelIds: i % 2 === 0 ? [labels[0]!.id] : [],
      createdAt: T0 + i * HOUR, updatedAt: T0 + i * HOUR + 30 * 60_000,
    });
  }
  for (let i = 1; i <= 5; i++) {
    issues.push({
      id: uuid(7, 100 + i), teamId: des.id, number: i, title: `Design task ${i}`, description: null, stateId: stateOf(des, 'Todo').id, assigneeId: carol.id, creatorId: carol.id,
      projectId: projects[1]!.id, cycleId: null, priority: 0, labelIds: [], createdAt: T0 - i * HOUR, updatedAt: T0 - i * HOUR,
    });
  }
  comments.push({ id: uuid(8, 1), issueId: issues[0]!.id, userId: bob.id, body: 'I can reproduce this.', createdAt: T0 + 2 * HOUR });
  comments.push({ id: uuid(8, 2), issueId: issues[0]!.id, userId: alice.id, body: 'Fix is on the way.', createdAt: T0 + 3 * HOUR });

  const teamById = (id: string) => teams.find((t) => t.id === id)!;
  const identifier = (issue: IssueRec) => `${teamById(issue.teamId).key}-${issue.number}`;

  // Complete objects, as the SDK's fragments select them; relations are nested objects.
  const userJson = (u: UserRec, viewerId: string) => ({
    id: u.id, name: u.name, displayName: u.displayName, email: u.email, admin: u.admin, active: u.active, owner: u.admin, guest: false, app: false, isMe: u.id === viewerId,
    isAssignable: u.active, isMentionable: u.active, supportsAgentSessions: false, canAccessAnyPublicTeam: true, createdIssueCount: issues.filter((i) => i.creatorId === u.id).length,
    initials: u.name.split(' ').map((p) => p[0]).join(''), avatarBackgroundColor: '#5e6ad2', avatarUrl: null, url: `https://linear.app/acme/profiles/${u.displayName}`,
    inviteHash: `invite-${u.displayName}`, timezone: 'Europe/Berlin', description: null, disableReason: u.active ? null : 'deactivated', statusEmoji: null, statusLabel: null,
    statusUntilAt: null, lastSeen: iso(T0), title: null, gitHubUserId: null, calendarHash: null, archivedAt: null, createdAt: iso(T0 - 300 * DAY), updatedAt: iso(T0),
  });
  const teamJson = (t: TeamRec) => ({
    id: t.id, key: t.key, name: t.name, displayName: t.name, description: t.description, private: t.private, visibility: t.private ? 'private' : 'public', cyclesEnabled: t.cyclesEnabled,
    issueCount: issues.filter((i) => i.teamId === t.id).length, icon: null, color: '#5e6ad2', timezone: 'Europe/Berlin', inviteHash: `team-${t.key}`, cycleDuration: 2, cycleCooldownTime: 0,
    cycleStartDay: 1, upcomingCycleCount: 2, cycleLockToActive: false, cycleIssueAutoAssignStarted: true, cycleIssueAutoAssignCompleted: true, cycleCalenderUrl: `https://linear.app/acme/team/${t.key}/cycles.ics`,
    autoArchivePeriod: 6, autoClosePeriod: null, autoCloseStateId: null, autoCloseChildIssues: false, autoCloseParentIssues: false, defaultIssueEstimate: 0, issueEstimationType: 'notUsed',
    issueEstimationAllowZero: false, issueEstimationExtended: false, inheritIssueEstimation: false, inheritWorkflowStatuses: false, issueOrderingNoPriorityFirst: false,
    issueSortOrderDefaultToBottom: false, setIssueSortOrderOnStateChange: 'bottom', groupIssueHistory: true, triageEnabled: false, requirePriorityToLeaveTriage: false, scimManaged: false,
    scimGroupName: null, slackNewIssue: false, slackIssueComments: false, slackIssueStatuses: false, aiThreadSummariesEnabled: false, aiDiscussionSummariesEnabled: false,
    initiativesEnabled: false, ledInitiativeCount: 0, securitySettings: {}, viewerCanJoin: false, viewerCanLeave: true, allMembersCanJoin: true, retiredAt: null, archivedAt: null,
    createdAt: iso(T0 - 200 * DAY), updatedAt: iso(T0), activeCycle: t.cyclesEnabled ? { id: cycles[2]!.id } : null, defaultIssueState: { id: stateOf(t, 'Todo').id },
    _members: t.memberIds.map((id) => ({ id })),
  });
  const stateJson = (s: StateRec) => ({
    id: s.id, name: s.name, type: s.type, color: s.color, position: s.position, description: null, archivedAt: null, createdAt: iso(T0 - 200 * DAY), updatedAt: iso(T0 - 200 * DAY),
    team: { id: s.teamId, key: teamById(s.teamId).key }, inheritedFrom: null,
  });
  const projectJson = (p: ProjectRec, viewerId: string) => {
    const slugId = p.id.slice(-6);
    return {
      id: p.id, name: p.name, description: `The ${p.name} project`, content: null, slugId, url: `https://linear.app/acme/project/${p.name.toLowerCase()}-${slugId}`, icon: null, color: '#5e6ad2',
      state: p.statusType, status: { id: `status-${p.statusType}`, name: p.statusType[0]!.toUpperCase() + p.statusType.slice(1), type: p.statusType }, progress: p.progress, scope: 10,
      priority: 0, priorityLabel: 'No priority', prioritySortOrder: 0, sortOrder: 0, health: null, healthUpdatedAt: null, startDate: p.startDate, targetDate: p.targetDate,
      startedAt: p.startDate ? iso(Date.parse(p.startDate)) : null, completedAt: p.statusType === 'completed' ? iso(T0 - 30 * DAY) : null, canceledAt: null, autoArchivedAt: null, archivedAt: null,
      trashed: null, labelIds: [], issueCountHistory: [], completedIssueCountHistory: [], scopeHistory: [], completedScopeHistory: [], inProgressScopeHistory: [], resourceCount: 0,
      slackNewIssue: false, slackIssueComments: false, slackIssueStatuses: false, slackChannelId: null, microsoftTeamsChannelId: null, frequencyResolution: 'weekly',
      updateReminderFrequency: null, updateReminderFrequencyInWeeks: null, updateRemindersDay: null, updateRemindersHour: null, projectUpdateRemindersPausedUntilAt: null,
      startDateResolution: null, targetDateResolution: null, createdAt: iso(T0 - 60 * DAY), updatedAt: iso(T0),
      lead: p.leadId ? userJson(users.find((u) => u.id === p.leadId)!, viewerId) : null, creator: { id: alice.id },
      _accessibleTeams: p.teamIds.map((id) => teamJson(teamById(id))),
    };
  };
  const cycleJson = (c: CycleRec) => ({
    id: c.id, number: c.number, name: c.name, description: null, startsAt: iso(c.startsAt), endsAt: iso(c.endsAt), completedAt: c.status === 'past' || c.status === 'previous' ? iso(c.endsAt) : null,
    isActive: c.status === 'active', isNext: c.status === 'next', isPrevious: c.status === 'previous', isFuture: c.status === 'next' || c.status === 'future',
    isPast: c.status === 'past' || c.status === 'previous', progress: c.progress, issueCountHistory: [], completedIssueCountHistory: [], scopeHistory: [], completedScopeHistory: [],
    inProgressScopeHistory: [], autoArchivedAt: null, archivedAt: null, createdAt: iso(c.startsAt - DAY), updatedAt: iso(T0), team: { id: c.teamId }, inheritedFrom: null,
  });
  const labelJson = (l: LabelRec) => ({
    id: l.id, name: l.name, color: l.color, description: null, isGroup: false, archivedAt: null, retiredAt: null, lastAppliedAt: null, createdAt: iso(T0 - 100 * DAY), updatedAt: iso(T0 - 100 * DAY),
  });
  const issueJson = (i: IssueRec, viewerId: string) => {
    const team = teamById(i.teamId);
    const id = identifier(i);
    const slug = i.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const state = states.find((s) => s.id === i.stateId)!;
    const assignee = users.find((u) => u.id === i.assigneeId);
    const project = projects.find((p) => p.id === i.projectId);
    return {
      id: i.id, identifier: id, number: i.number, title: i.title, description: i.description, priority: i.priority, priorityLabel: PRIORITY_LABELS[i.priority], prioritySortOrder: i.priority,
      estimate: null, dueDate: null, url: `https://linear.app/acme/issue/${id}/${slug}`, branchName: `${id.toLowerCase()}-${slug}`.slice(0, 60),
      boardOrder: 0, sortOrder: i.number, subIssueSortOrder: null, customerTicketCount: 0, labelIds: i.labelIds, previousIdentifiers: [], reactionData: [], reactions: [],
      sharedAccess: { isShared: false, sharedWithCount: 0, viewerHasOnlySharedAccess: false, disallowedIssueFields: [], sharedWithUsers: [] }, inheritsSharedAccess: false,
      integrationSourceType: null, botActor: null, syncedWith: null, trashed: null, slaType: null, slaStartedAt: null, slaBreachesAt: null, slaHighRiskAt: null, slaMediumRiskAt: null,
      snoozedUntilAt: null, startedAt: state.type === 'started' ? iso(i.updatedAt) : null, completedAt: state.type === 'completed' ? iso(i.updatedAt) : null,
      canceledAt: state.type === 'canceled' ? iso(i.updatedAt) : null, startedTriageAt: null, triagedAt: null, addedToCycleAt: null, addedToProjectAt: null, addedToTeamAt: iso(i.createdAt),
      autoArchivedAt: null, autoClosedAt: null, archivedAt: null, createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt),
      team: teamJson(team), state: stateJson(state), assignee: assignee ? userJson(assignee, viewerId) : null, creator: { id: i.creatorId },
      project: project ? { id: project.id, name: project.name } : null, cycle: i.cycleId ? { id: i.cycleId } : null, parent: null, projectMilestone: null, delegate: null,
    };
  };
  const commentJson = (c: CommentRec, viewerId: string) => {
    const issue = issues.find((i) => i.id === c.issueId)!;
    return {
      id: c.id, body: c.body, url: `${issueJson(issue, viewerId).url}#comment-${c.id.slice(-8)}`, issueId: c.issueId, issue: { id: c.issueId }, user: userJson(users.find((u) => u.id === c.userId)!, viewerId),
      reactionData: [], reactions: [], quotedText: null, documentContentId: null, parentId: null, parent: null, projectId: null, projectUpdateId: null, initiativeId: null,
      initiativeUpdateId: null, resolvingCommentId: null, botActor: null, externalThread: null, syncedWith: null, editedAt: null, resolvedAt: null, archivedAt: null,
      createdAt: iso(c.createdAt), updatedAt: iso(c.createdAt),
    };
  };

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
        return { searchIssues: { ...page, totalCount: hits.length, archivePayload: { archive: '', totalCount: 0, databaseVersion: lastSyncId, includesDependencies: [] } } };
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
          description: input.description ?? null, stateId: input.stateId ?? stateOf(team, 'Todo').id, assigneeId: input.assigneeId ?? null, creatorId: me, projectId: input.projectId ?? null,
          cycleId: null, priority: input.priority ?? 0, labelIds: [], createdAt: now, updatedAt: now,
        };
        issues.push(issue);
        return { issueCreate: { success: true, lastSyncId: ++lastSyncId, issue: issueJson(issue, me) } };
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
        return { issueUpdate: { success: true, lastSyncId: ++lastSyncId, issue: issueJson(issue, me) } };
      }
      case 'createComment': {
        const issue = await findIssue(v.input.issueId);
        const comment: CommentRec = { id: uuid(8, 100 + comments.length), issueId: issue.id, userId: me, body: v.input.body, createdAt: Date.now() };
        comments.push(comment);
        return { commentCreate: { success: true, lastSyncId: ++lastSyncId, comment: commentJson(comment, me) } };
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

  const rateHeaders = () => ({ 'x-ratelimit-requests-limit': '1500', 'x-ratelimit-requests-remaining': '1499', 'x-ratelimit-requests-reset': String(Date.now() + HOUR) });
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(typeof body === 'string' ? body : serialize(body), { status, headers: { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8', ...headers } });

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      if (new URL(request.url).pathname !== '/graphql' || request.method !== 'POST') return new Response('Not Found', { status: 404 });
      const { query, variables } = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
      const token = request.headers.get('authorization');
      requests.push({ operation, variables: variables ?? {}, token });
      const name = token ? tokens.get(token.replace(/^Bearer\s+/i, '')) : undefined;
      const viewer = users.find((u) => u.displayName === name);
      if (!viewer) {
        return respond(400, graphqlError('Authentication required, not authenticated', 'authentication error', 'AUTHENTICATION_ERROR', 401, 'You need to authenticate to access this operation.'));
      }
      try {
        return respond(200, { data: await resolve(operation, variables ?? {}, viewer) }, rateHeaders());
      } catch (failure) {
        if (failure instanceof FakeFailure) return respond(failure.status, failure.body, { ...rateHeaders(), ...failure.headers });
        throw failure;
      }
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/graphql`,
    requests,
    tokens,
    close: async () => {
      await server.stop(true);
    },
  };
}
