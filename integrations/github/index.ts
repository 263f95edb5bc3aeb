/** GitHub: repositories, issues, pull requests, code search and file contents, through Octokit. */
import { defineIntegration } from '../../lib/mcp/define.ts';
import { createGitHubClient, type GitHubClient } from './client.ts';
import { mapGitHubError } from './errors.ts';
import { verifyGitHub } from './verify.ts';
import addIssueComment from './tools/add-issue-comment.ts';
import createIssue from './tools/create-issue.ts';
import getFileContents from './tools/get-file-contents.ts';
import getIssue from './tools/get-issue.ts';
import getMe from './tools/get-me.ts';
import getPullRequest from './tools/get-pull-request.ts';
import getRepository from './tools/get-repository.ts';
import listIssueComments from './tools/list-issue-comments.ts';
import listIssues from './tools/list-issues.ts';
import listPullRequests from './tools/list-pull-requests.ts';
import listRepositories from './tools/list-repositories.ts';
import searchCode from './tools/search-code.ts';
import searchIssues from './tools/search-issues.ts';
import searchRepositories from './tools/search-repositories.ts';

export default defineIntegration<GitHubClient>({
  slug: 'github',
  name: 'GitHub',
  description: 'Repositories, issues, pull requests, code search and file contents.',
  category: 'Developer tools',
  auth: {
    kind: 'token',
    label: 'personal access token',
    help: 'Create a fine-grained or classic token at https://github.com/settings/tokens (GitHub Enterprise: <your host>/settings/tokens).',
    scopes: ['repo', 'read:org'],
  },
  createClient: createGitHubClient,
  mapError: mapGitHubError,
  verify: verifyGitHub,
  tools: [
    getMe,
    listRepositories,
    getRepository,
    searchRepositories,
    listIssues,
    getIssue,
    createIssue,
    addIssueComment,
    listIssueComments,
    searchIssues,
    listPullRequests,
    getPullRequest,
    searchCode,
    getFileContents,
  ],
});
