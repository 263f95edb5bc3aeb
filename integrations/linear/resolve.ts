/**
 * Turns the names a model knows (team key ENG, "me", an email, a state or
 * project name) into the ids Linear's mutations take. A name that matches
 * nothing is a ToolError that says which listing tool shows the valid names.
 */
import type { LinearDocument, Team, User, WorkflowState } from '@linear/sdk';
import { ToolError } from '../../lib/mcp/errors.ts';
import type { LinearClient } from './client.ts';

export async function resolveTeam(client: LinearClient, key: string): Promise<Team> {
  const { nodes } = await client.teams({ filter: { key: { eqIgnoreCase: key } }, first: 1 });
  if (!nodes[0]) throw new ToolError('UPSTREAM_NOT_FOUND', `No Linear team with key "${key}" is visible to this API key. Call list_teams to see the keys.`);
  return nodes[0];
}

/** A user filter for "me", an email address, or a display or full name. */
export function userFilter(ref: string): LinearDocument.NullableUserFilter {
  if (ref.toLowerCase() === 'me') return { isMe: { eq: true } };
  if (ref.includes('@')) return { email: { eqIgnoreCase: ref } };
  return { or: [{ displayName: { eqIgnoreCase: ref } }, { name: { eqIgnoreCase: ref } }] };
}

export async function resolveUser(client: LinearClient, ref: string): Promise<User> {
  if (ref.toLowerCase() === 'me') return client.viewer;
  const { nodes } = await client.users({ filter: userFilter(ref), first: 2 });
  if (!nodes[0]) throw new ToolError('UPSTREAM_NOT_FOUND', `No Linear user matches "${ref}". Call list_users to see names and emails.`);
  if (nodes.length > 1) throw new ToolError('UPSTREAM_BAD_REQUEST', `More than one Linear user matches "${ref}". Use their email address instead.`);
  return nodes[0];
}

export async function resolveState(client: LinearClient, team: { id: string; key: string }, name: string): Promise<WorkflowState> {
  const { nodes } = await client.workflowStates({ filter: { team: { id: { eq: team.id } }, name: { eqIgnoreCase: name } }, first: 1 });
  if (!nodes[0]) throw new ToolError('UPSTREAM_NOT_FOUND', `Team ${team.key} has no workflow state named "${name}". Call list_workflow_states with team "${team.key}" to see them.`);
  return nodes[0];
}

export async function resolveProjectId(client: LinearClient, name: string): Promise<string> {
  const { nodes } = await client.projects({ filter: { name: { eqIgnoreCase: name } }, first: 1 });
  if (!nodes[0]) throw new ToolError('UPSTREAM_NOT_FOUND', `No Linear project named "${name}". Call list_projects to see them.`);
  return nodes[0].id;
}

/** An issue filter from the listing arguments; every condition is evaluated by Linear. */
export function issueFilter(args: { team?: string; state?: string; state_type?: string; assignee?: string; project?: string; priority?: number }): LinearDocument.IssueFilter {
  const filter: LinearDocument.IssueFilter = {};
  if (args.team) filter.team = { key: { eqIgnoreCase: args.team } };
  if (args.state || args.state_type) filter.state = { ...(args.state ? { name: { eqIgnoreCase: args.state } } : {}), ...(args.state_type ? { type: { eq: args.state_type } } : {}) };
  if (args.assignee) filter.assignee = args.assignee.toLowerCase() === 'none' ? { null: true } : userFilter(args.assignee);
  if (args.project) filter.project = { name: { eqIgnoreCase: args.project } };
  if (args.priority !== undefined) filter.priority = { eq: args.priority };
  return filter;
}
