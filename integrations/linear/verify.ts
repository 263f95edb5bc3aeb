/** Whose Linear API key this is: the `viewer` query, which every key may run. */
import type { ConnectedAccount } from '../../lib/mcp/define.ts';
import type { LinearClient } from './client.ts';

export async function verifyLinear(client: LinearClient): Promise<ConnectedAccount> {
  const viewer = await client.viewer;
  return { label: viewer.email ? `${viewer.name} <${viewer.email}>` : viewer.name };
}
