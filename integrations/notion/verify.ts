/** Whose Notion integration secret this is: `GET /v1/users/me`, the bot user the secret acts as, with its workspace. */
import type { ConnectedAccount } from '../../lib/mcp/define.ts';
import type { NotionClient } from './client.ts';

export async function verifyNotion(client: NotionClient): Promise<ConnectedAccount> {
  const me = await client.users.me({});
  const name = me.name ?? 'Notion integration';
  const workspace = me.type === 'bot' && 'workspace_name' in me.bot ? me.bot.workspace_name : null;
  return { label: workspace ? `${name} in ${workspace}` : name };
}
