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
}

export interface RemoteExtras {
  listPrompts(caller: ExtrasCaller): Promise<Prompt[]>;
  getPrompt(caller: ExtrasCaller, name: string, args: Record<string, string> | undefined): Promise<GetPromptResult | null>;
  listResources(caller: ExtrasCaller): Promise<Resource[]>;
  listResourceTemplates(caller: ExtrasCaller): Promise<ResourceTemplateType[]>;
  readResource(caller: ExtrasCaller, uri: string): Promise<ReadResourceResult | null>;
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
  const serverOfName = (caller: ExtrasCaller, name: string) => caller.remoteServers.find((server) => name.startsWith(`${server.slug}__`));
  const serverOfUri = (caller: ExtrasCaller, uri: string) => caller.remoteServers.find((server) => uri.startsWith(prefixOf(server.slug)));

  async function promptsOf(caller: ExtrasCaller, server: RemoteServer): Promise<Array<{ prompt: Prompt; wire: string }>> {
    const { prompts } = await sessions.use(caller.userId, server, (client) => client.listPrompts(undefined, request));
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
        return resources.map((resource) => ({ ...resource, uri: `${prefixOf(server.slug)}${resource.uri}` }));
      }),
    listResourceTemplates: (caller) =>
      each(caller, 'resources', async (server) => {
        const { resourceTemplates } = await sessions.use(caller.userId, server, (client) => client.listResourceTemplates(undefined, request));
        return resourceTemplates.map((template) => ({ ...template, uriTemplate: `${prefixOf(server.slug)}${template.uriTemplate}` }));
      }),
    async readResource(caller, uri) {
      const server = serverOfUri(caller, uri);
      if (!server) return null;
      const original = uri.slice(prefixOf(server.slug).length);
      const result = await sessions.use(caller.userId, server, (client) => client.readResource({ uri: original }, request));
      return { ...result, contents: result.contents.map((content) => ({ ...content, uri: `${prefixOf(server.slug)}${content.uri}` })) };
    },
  };
}
