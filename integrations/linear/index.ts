/** Linear: issues, comments, projects, cycles, teams and people, through `@linear/sdk`. */
import { defineIntegration } from '../../lib/mcp/define.ts';
import { createLinearClient, type LinearClient } from './client.ts';
import { mapLinearError } from './errors.ts';
import { verifyLinear } from './verify.ts';
import addComment from './tools/add-comment.ts';
import createIssue from './tools/create-issue.ts';
import getIssue from './tools/get-issue.ts';
import getMe from './tools/get-me.ts';
import listCycles from './tools/list-cycles.ts';
import listIssues from './tools/list-issues.ts';
import listProjects from './tools/list-projects.ts';
import listTeams from './tools/list-teams.ts';
import listUsers from './tools/list-users.ts';
import listWorkflowStates from './tools/list-workflow-states.ts';
import searchIssues from './tools/search-issues.ts';
import updateIssue from './tools/update-issue.ts';

export default defineIntegration<LinearClient>({
  slug: 'linear',
  name: 'Linear',
  description: 'Issues (list, search, read, create, update, comment), projects, cycles, teams and people.',
  category: 'Project management',
  auth: {
    kind: 'token',
    label: 'personal API key',
    help: 'Create a personal API key (lin_api_…) at https://linear.app/settings/account/security with read and write access.',
    scopes: ['read', 'write'],
  },
  createClient: createLinearClient,
  mapError: mapLinearError,
  verify: verifyLinear,
  tools: [getMe, listTeams, listUsers, listWorkflowStates, listIssues, searchIssues, getIssue, createIssue, updateIssue, addComment, listProjects, listCycles],
});
