/**
 * Remote servers' prompts and resources in the hub's MCP server (issue 15:
 * "resources and prompts exposed with prefixed URIs/names where the upstream
 * offers them"). Unlike tools they are read live, on the calling user's
 * session: clients list them rarely, and no call is metered on them. A
 * prompt is `<slug>__<name>` (names mapped as tools are, names.ts); a
 * resource's URI and a template's URI template are prefixed with
 * `mcphub+remote://<slug>/`, so the hub knows which server to read it from
 * and the server gets its own URI back. A server that fails or offers none
 * adds nothing; each is bounded in time.
 *
 * A pass-through toolset (lib/store/toolsets.ts) shows its one server as it
 * is: prompt names and URIs go out and come back unchanged. Resource
 * subscriptions are forwarded to the user's upstream session, so the server
 * answers them as its own; the hub serves each request statelessly, so the
 * `notifications/resources/updated` it then sends are not relayed.
 */
import type { GetPromptResult, Prompt, ReadResourceResult, Resource, ResourceTemplateType } from '@modelcontextprotocol/server';
import type { RemoteServer } from '../store/remote-servers.ts';
import { mapToolNames } from './names.ts';
import type { RemoteSessions } from './sessions.ts';

export const RESOURCE_PREFIX = 'mcphub+remote://';

/** Who is asking: the user and the servers they see (a principal's). */
export interface ExtrasCaller {
  userId: string;
  remoteServers: readonly RemoteServer[];
  /** Set for a pass-through toolset's principal: `remoteServers` is its one server, named as it names things. */
  passThrough?: boolean;
}

export interface RemoteExtras {
  listPrompts(caller: ExtrasCaller): Promise<Prompt[]>;
  getPrompt(caller: ExtrasCaller, name: string, args: Record<string, string> | undefined): Promise<GetPromptResult | null>;
  listResources(caller: ExtrasCaller): Promise<Resource[]>;
  listResourceTemplates(caller: ExtrasCaller): Promise<ResourceTemplateType[]>;
  readResource(caller: ExtrasCaller, uri: string): Promise<ReadResourceResult | null>;
  /** Forwards `resources/subscribe` or `resources/unsubscribe` to the server the URI belongs to; false when it belongs to none. */
  subscription(caller: ExtrasCaller, uri: string, subscribe: boolean): Promise<boolean>;
}

const prefixOf = (slug: string) => `${RESOURCE_PREFIX}${slug}/`;

export function createRemoteExtras(options: { sessions: RemoteSessions; timeoutMs: number }): RemoteExtras {
  const { sessions, timeoutMs } = options;
  const request = { timeout: timeoutMs };
  /** What each server answers, the ones that fail or offer none left out. */
  async function each<T>(caller: ExtrasCaller, capability: 'prompts' | 'resources', read: (server: RemoteServer) => Promise<T[]>): Promise<T[]> {
    const answers = await Promise.all(
      caller.remoteServers.map(async (server) => {
        try {
          const offers = await sessions.use(caller.userId, server, async (client) => client.getServerCapabilities()?.[capability] !== undefined);
          return offers ? await read(server) : [];
        } catch {
          return [];
        }
      }),
    );
    return answers.flat();
  }
  const serverOfName = (caller: ExtrasCaller, name: string) => (caller.passThrough ? caller.remoteServers[0] : caller.remoteServers.find((server) => name.startsWith(`${server.slug}__`)));
  const serverOfUri = (caller: ExtrasCaller, uri: string) => (caller.passThrough ? caller.remoteServers[0] : caller.remoteServers.find((server) => uri.startsWith(prefixOf(server.slug))));
  /** How a server's URI is shown to the caller, and back. */
  const shown = (caller: ExtrasCaller, server: RemoteServer, uri: string) => (caller.passThrough ? uri : `${prefixOf(server.slug)}${uri}`);
  const original = (caller: ExtrasCaller, server: RemoteServer, uri: string) => (caller.passThrough ? uri : uri.slice(prefixOf(server.slug).length));

  async function promptsOf(caller: ExtrasCaller, server: RemoteServer): Promise<Array<{ prompt: Prompt; wire: string }>> {
    const { prompts } = await sessions.use(caller.userId, server, (client) => client.listPrompts(undefined, request));
    if (caller.passThrough) return prompts.map((prompt) => ({ prompt, wire: prompt.name }));
    const names = mapToolNames(server.slug, prompts.map((prompt) => prompt.name));
    return prompts.map((prompt) => ({ prompt, wire: `${server.slug}__${names.get(prompt.name)!}` }));
  }

  return {
    listPrompts: (caller) => each(caller, 'prompts', async (server) => (await promptsOf(caller, server)).map(({ prompt, wire }) => ({ ...prompt, name: wire }))),
    async getPrompt(caller, name, args) {
      const server = serverOfName(caller, name);
      if (!server) return null;
      const found = (await promptsOf(caller, server)).find((candidate) => candidate.wire === name);
      if (!found) return null;
      return sessions.use(caller.userId, server, (client) => client.getPrompt({ name: found.prompt.name, ...(args && { arguments: args }) }, request));
    },
    listResources: (caller) =>
      each(caller, 'resources', async (server) => {
        const { resources } = await sessions.use(caller.userId, server, (client) => client.listResources(undefined, request));
        return resources.map((resource) => ({ ...resource, uri: shown(caller, server, resource.uri) }));
      }),
    listResourceTemplates: (caller) =>
      each(caller, 'resources', async (server) => {
        const { resourceTemplates } = await sessions.use(caller.userId, server, (client) => client.listResourceTemplates(undefined, request));
        return resourceTemplates.map((template) => ({ ...template, uriTemplate: shown(caller, server, template.uriTemplate) }));
      }),
    async readResource(caller, uri) {
      const server = serverOfUri(caller, uri);
      if (!server) return null;
      const result = await sessions.use(caller.userId, server, (client) => client.readResource({ uri: original(caller, server, uri) }, request));
      return { ...result, contents: result.contents.map((content) => ({ ...content, uri: shown(caller, server, content.uri) })) };
    },
    async subscription(caller, uri, subscribe) {
      const server = serverOfUri(caller, uri);
      if (!server) return false;
      const params = { uri: original(caller, server, uri) };
      // On the user's own upstream session, as every read: a subscription of one user is never another's.
      await sessions.use(caller.userId, server, (client) => (subscribe ? client.subscribeResource(params, request) : client.unsubscribeResource(params, request)));
      return true;
    },
  };
}
