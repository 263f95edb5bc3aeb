/**
 * The remote-MCP-server half of the Convex Store (lib/store/remote-servers.ts):
 * each method one call of a function in convex/remoteServers.ts. Tool lists
 * travel as JSON text (Convex documents cannot hold `$schema` keys) and are
 * parsed back here, as the embedded adapter parses its column.
 */
import { api } from '../../../convex/_generated/api';
import { fromStored, type RemoteServerStore } from '../remote-servers.ts';
import type { ConvexCalls } from './accounts.ts';

const actorOf = (input: { actor?: string }) => (input.actor === undefined ? {} : { actor: input.actor });
const orNull = <T, R>(value: T | null, map: (v: T) => R): R | null => (value === null ? null : map(value));

export function convexRemoteServers({ query, mutation, now }: ConvexCalls): RemoteServerStore {
  return {
    createRemoteServer: async (input) =>
      fromStored(await mutation(api.remoteServers.create, { ownerId: input.ownerId, slug: input.slug, url: input.url, credentialKind: input.credentialKind, sealedCredential: input.sealedCredential, ...actorOf(input), now: now() })),
    listRemoteServers: async (userId) => (await query(api.remoteServers.list, { userId })).map(fromStored),
    getRemoteServer: async (id) => orNull(await query(api.remoteServers.get, { id }), fromStored),
    updateRemoteServerCredential: async (input) =>
      orNull(await mutation(api.remoteServers.updateCredential, { id: input.id, ownerId: input.ownerId, credentialKind: input.credentialKind, sealedCredential: input.sealedCredential, ...actorOf(input), now: now() }), fromStored),
    recordRemoteServerCheck: async ({ tools, protocol, ...input }) =>
      orNull(await mutation(api.remoteServers.recordCheck, { ...input, ...(protocol !== undefined && { protocol }), ...(tools && { toolsJson: JSON.stringify(tools) }), now: now() }), fromStored),
    removeRemoteServer: (input) => mutation(api.remoteServers.remove, { id: input.id, ownerId: input.ownerId, ...actorOf(input), now: now() }),
  };
}
