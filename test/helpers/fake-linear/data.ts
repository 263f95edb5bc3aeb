/**
 * The fake Linear workspace's records and seed: four users (one deactivated),
 * two teams with five workflow states each, three projects, five Engineering
 * cycles around T0, two labels, 35 issues and two comments. Records hold ids;
 * `views.ts` turns them into Linear's response objects.
 */

export const T0 = Date.parse('2026-11-01T10:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();
export const uuid = (kind: number, n: number) => `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;

export interface UserRec { id: string; name: string; displayName: string; email: string; admin: boolean; active: boolean }
export interface TeamRec { id: string; key: string; name: string; description: string | null; private: boolean; cyclesEnabled: boolean; memberIds: string[] }
export interface StateRec { id: string; teamId: string; name: string; type: string; color: string; position: number }
export interface ProjectRec { id: string; name: string; teamIds: string[]; leadId: string | null; statusType: string; progress: number; startDate: string | null; targetDate: string | null }
export interface CycleRec { id: string; teamId: string; number: number; name: string | null; startsAt: number; endsAt: number; status: 'past' | 'previous' | 'active' | 'next' | 'future'; progress: number }
export interface LabelRec { id: string; name: string; color: string }
export interface IssueRec {
  id: string; teamId: string; number: number; title: string; description: string | null; stateId: string; assigneeId: string | null; creatorId: string;
  projectId: string | null; cycleId: string | null; priority: number; labelIds: string[]; createdAt: number; updatedAt: number;
}
export interface CommentRec { id: string; issueId: string; userId: string; body: string; createdAt: number }

/** The fake's mutable state: the records, and the sync id mutations bump. */
export interface LinearData {
  users: UserRec[];
  teams: TeamRec[];
  states: StateRec[];
  projects: ProjectRec[];
  cycles: CycleRec[];
  labels: LabelRec[];
  issues: IssueRec[];
  comments: CommentRec[];
  lastSyncId: number;
}

/** A team's workflow state by name (every team has the seeded five). */
export const stateOf = (states: StateRec[], team: TeamRec, name: string) => states.find((s) => s.teamId === team.id && s.name === name)!;

/** A fresh copy of the seeded workspace, so each fake starts from the same state. */
export function seedLinearData(): LinearData {
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
      stateId: stateOf(states, eng, STATE_ROTATION[i % 5]!).id, assigneeId: i % 3 === 0 ? alice.id : i % 3 === 1 ? bob.id : null, creatorId: alice.id,
      projectId: i % 4 === 0 ? projects[0]!.id : null, cycleId: i % 2 === 0 ? cycles[2]!.id : null, priority: i % 5, labelIds: i % 2 === 0 ? [labels[0]!.id] : [],
      createdAt: T0 + i * HOUR, updatedAt: T0 + i * HOUR + 30 * 60_000,
    });
  }
  for (let i = 1; i <= 5; i++) {
    issues.push({
      id: uuid(7, 100 + i), teamId: des.id, number: i, title: `Design task ${i}`, description: null, stateId: stateOf(states, des, 'Todo').id, assigneeId: carol.id, creatorId: carol.id,
      projectId: projects[1]!.id, cycleId: null, priority: 0, labelIds: [], createdAt: T0 - i * HOUR, updatedAt: T0 - i * HOUR,
    });
  }
  comments.push({ id: uuid(8, 1), issueId: issues[0]!.id, userId: bob.id, body: 'I can reproduce this.', createdAt: T0 + 2 * HOUR });
  comments.push({ id: uuid(8, 2), issueId: issues[0]!.id, userId: alice.id, body: 'Fix is on the way.', createdAt: T0 + 3 * HOUR });
  return { users, teams, states, projects, cycles, labels, issues, comments, lastSyncId: 1000 };
}
