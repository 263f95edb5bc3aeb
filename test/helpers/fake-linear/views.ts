/**
 * Linear's response objects, built from the fake's records: complete objects
 * as the SDK's fragments select them (its generated models fail on missing
 * fields), with relations as nested objects. `viewerId` fills `isMe`.
 */

import { DAY, T0, iso, stateOf } from './data.ts';
import type { CommentRec, CycleRec, IssueRec, LabelRec, LinearData, ProjectRec, StateRec, TeamRec, UserRec } from './data.ts';

const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

/** The view builders over one fake's data, and `identifier` (TEAM-123), which the resolvers also match on. */
export function createViews(data: LinearData) {
  const { users, teams, states, projects, cycles, issues } = data;
  const alice = users[0]!;
  const teamById = (id: string) => teams.find((t) => t.id === id)!;
  const identifier = (issue: IssueRec) => `${teamById(issue.teamId).key}-${issue.number}`;

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
    createdAt: iso(T0 - 200 * DAY), updatedAt: iso(T0), activeCycle: t.cyclesEnabled ? { id: cycles[2]!.id } : null, defaultIssueState: { id: stateOf(states, t, 'Todo').id },
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

  return { identifier, userJson, teamJson, stateJson, projectJson, cycleJson, labelJson, issueJson, commentJson };
}
