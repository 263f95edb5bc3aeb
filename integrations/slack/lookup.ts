/**
 * Best-effort context for rendering messages: names for the user IDs that
 * wrote or were mentioned in them (users.info, one call per unknown ID, in
 * parallel) and the workspace URL for permalinks (auth.test). A failure here
 * only costs readability (IDs instead of names, no permalinks), so it is
 * swallowed unless the call itself was aborted.
 */
import type { SlackClient } from './client.ts';
import { displayName, type MessageContext, type MessageLike } from './format.ts';

/** More distinct people than this in one page are shown by ID, to bound the extra requests. */
const MAX_LOOKUPS = 25;

export async function messageContext(client: SlackClient, channel: string, messages: readonly MessageLike[], signal: AbortSignal): Promise<MessageContext> {
  const names = new Map<string, string>();
  const unknown = new Set<string>();
  for (const message of messages) {
    const fromProfile = displayName(message.user_profile);
    if (message.user && fromProfile) names.set(message.user, fromProfile);
    else if (message.user) unknown.add(message.user);
    for (const [, id] of (message.text ?? '').matchAll(/<@([UW][A-Z0-9]+)/g)) if (id && !names.has(id)) unknown.add(id);
  }
  for (const id of names.keys()) unknown.delete(id);

  const bestEffort = async <T>(request: Promise<T>): Promise<T | undefined> => {
    try {
      return await request;
    } catch (error) {
      if (signal.aborted) throw error;
      return undefined;
    }
  };
  const [auth] = await Promise.all([
    bestEffort(client.auth.test()),
    ...[...unknown].slice(0, MAX_LOOKUPS).map(async (id) => {
      const info = await bestEffort(client.users.info({ user: id }));
      const name = info?.user ? displayName({ display_name: info.user.profile?.display_name, real_name: info.user.real_name, name: info.user.name }) : undefined;
      if (name) names.set(id, name);
    }),
  ]);
  return { channel, names, workspaceUrl: auth?.url };
}
