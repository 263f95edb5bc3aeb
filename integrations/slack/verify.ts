/** Whose Slack token this is: `auth.test`, which needs no scope and names the workspace and the user (or bot user). */
import type { ConnectedAccount } from '../../lib/mcp/define.ts';
import type { SlackClient } from './client.ts';

export async function verifySlack(client: SlackClient): Promise<ConnectedAccount> {
  const me = await client.auth.test();
  return { label: `${me.user ?? me.user_id ?? 'unknown user'} in ${me.team ?? me.team_id ?? 'unknown workspace'}` };
}
