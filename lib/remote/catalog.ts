/**
 * A principal's remote MCP tools for its catalog (lib/gateway/catalog.ts
 * `RemoteEntries`): built from the tool lists the servers reported last, as
 * the store returned them with the key, so building a catalog makes no
 * upstream or store round trip. A server whose check failed keeps its last
 * tools: a call then says what is wrong, which beats tools vanishing.
 */
import type { RemoteEntries } from '../gateway/catalog.ts';
import { RemoteToolEntry, type RemoteCallDeps } from './entry.ts';
import { toListing } from './tools.ts';

export function remoteEntries(deps: RemoteCallDeps): RemoteEntries {
  return ({ user, remoteServers }, builtInSlugs) =>
    remoteServers
      .filter((server) => !builtInSlugs.has(server.slug))
      .flatMap((server) => server.tools.map((tool) => ({ listing: toListing(server.slug, tool), entry: new RemoteToolEntry(server, tool, user.id, deps) })));
}
