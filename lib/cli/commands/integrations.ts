import { credentialContext } from '../../crypto/seal.ts';
import { CommandError, UsageError, parseEmail, parseFlags, requireFlag, table } from '../args.ts';
import { userByEmail, type CliContext } from '../context.ts';

export const integrationsUsage = `Usage:
  mcphub integrations list [--user E] [--json]
  mcphub integrations enable <slug> --user E (--token T | --token-stdin)
  mcphub integrations disable <slug> --user E`;

const MAX_TOKEN_CHARS = 8_192;

function checkToken(raw: string): string {
  const token = raw.trim();
  if (!token) throw new UsageError('The token is empty.');
  if (token.length > MAX_TOKEN_CHARS) throw new UsageError(`The token is longer than ${MAX_TOKEN_CHARS} characters; is that the right value?`);
  if (/\s/.test(token)) throw new UsageError('The token contains whitespace; paste only the token itself.');
  return token;
}

function integrationOf(ctx: CliContext, slug: string | undefined) {
  const given = requireFlag(slug, 'the integration slug (see `mcphub integrations list`)');
  const integration = ctx.registry.integration(given);
  if (!integration) throw new CommandError(`Unknown integration "${given}". Available: ${ctx.registry.integrations.map((i) => i.slug).join(', ')}.`);
  return integration;
}

export async function integrations(argv: string[], ctx: CliContext): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'list') {
    const { values } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } });
    const user = values.user ? await userByEmail(ctx.store, parseEmail(values.user)) : null;
    const enabled = new Set(user ? (await ctx.store.listConnections(user.id)).filter((c) => c.enabled).map((c) => c.slug) : []);
    const rows = ctx.registry.integrations.map((i) => ({
      slug: i.slug,
      name: i.name,
      category: i.category,
      description: i.description,
      auth: i.auth.kind,
      credential: i.auth.label,
      scopes: i.auth.scopes,
      help: i.auth.help,
      tools: i.tools.length,
      ...(user ? { enabled: enabled.has(i.slug) } : {}),
    }));
    if (values.json) return ctx.io.out(JSON.stringify(rows));
    const listing = table(rows.map((r) => ({ ...r, enabled: 'enabled' in r ? (r.enabled ? 'yes' : 'no') : undefined })), user ? ['slug', 'name', 'tools', 'enabled', 'description'] : ['slug', 'name', 'tools', 'category', 'description']);
    // What to paste into `integrations enable`, and where to get it.
    const width = Math.max(...rows.map((r) => r.slug.length)) + 2;
    const credentials = rows.map((r) => `  ${r.slug.padEnd(width)}${r.credential}; scopes: ${r.scopes.join(', ')}\n  ${' '.repeat(width)}${r.help}`);
    ctx.io.out(`${listing}\n\nCredentials for \`mcphub integrations enable <slug> --user E --token-stdin\`:\n${credentials.join('\n')}`);
    return;
  }
  if (sub === 'enable') {
    const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, token: { type: 'string' }, 'token-stdin': { type: 'boolean' } }, 1);
    const integration = integrationOf(ctx, positionals[0]);
    const user = await userByEmail(ctx.store, parseEmail(requireFlag(values.user, '--user')));
    if ((values.token === undefined) === !values['token-stdin']) throw new UsageError('Give the credential with exactly one of --token T or --token-stdin.');
    const token = checkToken(values.token ?? (await ctx.io.readStdin()));
    await ctx.store.upsertConnection({ userId: user.id, slug: integration.slug, sealedCredential: ctx.sealer.seal(token, credentialContext(user.id, integration.slug)), actor: 'cli' });
    ctx.io.out(`Enabled ${integration.name} for ${user.email} (${integration.tools.length} tools). Connected clients see the new tools within a second.`);
    return;
  }
  if (sub === 'disable') {
    const { values, positionals } = parseFlags(rest, { user: { type: 'string' } }, 1);
    const integration = integrationOf(ctx, positionals[0]);
    const user = await userByEmail(ctx.store, parseEmail(requireFlag(values.user, '--user')));
    const changed = await ctx.store.disableConnection({ userId: user.id, slug: integration.slug, actor: 'cli' });
    ctx.io.out(changed ? `Disabled ${integration.name} for ${user.email} and deleted its stored credential.` : `${integration.name} was not enabled for ${user.email}; nothing changed.`);
    return;
  }
  throw new UsageError(sub ? `Unknown command "integrations ${sub}".` : 'Missing an integrations command.');
}
