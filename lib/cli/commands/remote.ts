/**
 * `mcphub remote`: a user's remote MCP servers (issue 15) from the hub's
 * machine — add one (its tools listed first, as the dashboard does), list
 * them with their tools and names, replace a credential, refresh, remove.
 * Over lib/services/remote-servers.ts, on upstream sessions of its own that
 * close when the command ends. A token is read from stdin, never a flag
 * value that shell history keeps, unless given with --token.
 */
import { createLogger } from '../../log.ts';
import { RemoteSessions } from '../../remote/sessions.ts';
import { addRemoteServer, listRemoteServers, refreshRemoteServer, removeRemoteServer, updateRemoteCredential, type RemoteCredentialInput, type RemoteServerView } from '../../services/remote-servers.ts';
import { findUserByEmail } from '../../services/users.ts';
import { CommandError, UsageError, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const remoteUsage = `Usage:
  mcphub remote list --user E [--json]
  mcphub remote add <slug> --user E --url U [--token T | --token-stdin | --header Name=Value ...] [--for-everyone] [--no-check]
  mcphub remote update <slug> --user E (--token T | --token-stdin | --header Name=Value ... | --no-credential)
  mcphub remote refresh <slug> --user E
  mcphub remote remove <slug> --user E

A remote MCP server's tools appear in the user's clients as <slug>__<tool>;
names the hub cannot use as they are (dots, slashes, hyphens, spaces, too
long) are mapped, and \`remote list\` shows the mapping. add lists the
server's tools first and stores nothing it cannot reach; --no-check stores it
unchecked. --for-everyone (admins) adds it for every user.`;

const FLAGS = {
  user: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  'token-stdin': { type: 'boolean' },
  header: { type: 'string', multiple: true },
  'no-credential': { type: 'boolean' },
  'for-everyone': { type: 'boolean' },
  'no-check': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function describe(server: RemoteServerView): string {
  const status = server.status === 'error' ? `error: ${server.statusReason ?? ''}` : server.status;
  const head = `${server.slug}  ${server.url}  (${server.credentialKind}${server.forEveryone ? ', for everyone' : ''}; ${status}; protocol ${server.protocol ?? 'not probed yet'})`;
  if (server.tools.length === 0) return `${head}\n  no tools`;
  return `${head}\n${table(server.tools.map((tool) => ({ tool: tool.wireName, upstream: tool.mapped ? tool.name : '(same)', description: (tool.description ?? '').slice(0, 60) })), ['tool', 'upstream', 'description']).replace(/^/gm, '  ')}`;
}

async function credentialOf(values: { token?: string; 'token-stdin'?: boolean; header?: string[]; 'no-credential'?: boolean }, ctx: CliContext, required: boolean): Promise<RemoteCredentialInput> {
  const given = [values.token !== undefined, !!values['token-stdin'], !!values.header?.length, !!values['no-credential']].filter(Boolean).length;
  if (given > 1) throw new UsageError('Give the credential one way: --token, --token-stdin, --header (repeated) or --no-credential.');
  if (given === 0 && required) throw new UsageError('Give the new credential: --token T, --token-stdin, --header Name=Value (repeated) or --no-credential.');
  if (values.header?.length) {
    const headers: Record<string, string> = {};
    for (const header of values.header) {
      const at = header.indexOf('=');
      if (at <= 0) throw new UsageError(`--header ${header}: write it as Name=Value.`);
      headers[header.slice(0, at)] = header.slice(at + 1);
    }
    return { credentialKind: 'headers', headers };
  }
  if (values.token !== undefined) return { credentialKind: 'bearer', token: values.token };
  if (values['token-stdin']) return { credentialKind: 'bearer', token: (await ctx.io.readStdin()).trim() };
  return { credentialKind: 'none' };
}

export function remote(argv: string[], ctx: CliContext): Promise<void> {
  const sessions = new RemoteSessions({
    sealer: ctx.sealer,
    logger: createLogger({ level: 'warn' }),
    allowPrivate: ctx.config.remote.allowPrivate,
    maxBytes: ctx.config.limits.maxUpstreamBytes,
    connectTimeoutMs: ctx.config.toolTimeoutMs,
  });
  const deps = { ...serviceDeps(ctx), remote: { sessions, allowPrivate: ctx.config.remote.allowPrivate } };
  return withServiceErrors(async () => {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseFlags(rest, FLAGS, 1);
    const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
    if (sub === 'list') {
      const servers = await listRemoteServers(deps, user.id);
      if (values.json) return ctx.io.out(JSON.stringify(servers));
      ctx.io.out(servers.length ? servers.map(describe).join('\n\n') : `${user.email} has no remote MCP servers. Add one with \`mcphub remote add <slug> --user ${user.email} --url <url>\`.`);
      return;
    }
    const slug = requireFlag(positionals[0], 'the server\'s slug (see `mcphub remote list`)');
    if (sub === 'add') {
      const added = await addRemoteServer(deps, {
        userId: user.id, slug, url: requireFlag(values.url, '--url'), ...(await credentialOf(values, ctx, false)),
        forEveryone: !!values['for-everyone'], check: !values['no-check'],
      });
      ctx.io.out(`Added ${added.slug} for ${added.forEveryone ? 'everyone' : user.email} (${added.tools.length} tools). Connected clients see them within a second.\n\n${describe(added)}`);
      return;
    }
    if (sub === 'update') {
      const updated = await updateRemoteCredential(deps, { userId: user.id, slug, ...(await credentialOf(values, ctx, true)) });
      ctx.io.out(`Replaced the credential of ${updated.slug}; calls use it from now on.`);
      return;
    }
    if (sub === 'refresh') {
      // The CLI has no browser for a server's own OAuth: checking it here would only mark it errored.
      const found = (await listRemoteServers(deps, user.id)).find((server) => server.slug === slug);
      if (found?.credentialKind === 'oauth') throw new CommandError(`${slug} signs in with its own OAuth, which the CLI cannot do. Refresh it on the dashboard's MCP servers page (/mcp-servers); the hub also refreshes its tools whenever the server says they changed.`);
      ctx.io.out(describe(await refreshRemoteServer(deps, { userId: user.id, slug })));
      return;
    }
    if (sub === 'remove') {
      await removeRemoteServer(deps, { userId: user.id, slug });
      ctx.io.out(`Removed ${slug}; its tools leave connected clients within a second.`);
      return;
    }
    throw new UsageError(sub ? `Unknown command "remote ${sub}".` : `Missing a remote command (${['list', 'add', 'update', 'refresh', 'remove'].join(', ')}).`);
  }).finally(() => sessions.close());
}
