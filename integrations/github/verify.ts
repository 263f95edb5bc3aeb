/** Whose GitHub token this is: `GET /user`, which any valid token may call whatever its scopes. */
import type { ConnectedAccount } from '../../lib/mcp/define.ts';
import type { GitHubClient } from './client.ts';

export async function verifyGitHub(client: GitHubClient): Promise<ConnectedAccount> {
  const { data } = await client.rest.users.getAuthenticated();
  return { label: data.login };
}
