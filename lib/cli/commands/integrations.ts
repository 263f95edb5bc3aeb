import { credentialContext } from '../../crypto/seal.ts';
import type { AnyIntegration } from '../../mcp/define.ts';
import { applySettings, describeSettings } from '../../mcp/settings.ts';
import type { ConnectionSettings } from '../../store/port.ts';
import { CommandError, UsageError, parseEmail, parseFlags, requireFlag, table } from '../args.ts';
import { userByEmail, type CliContext } from '../context.ts';

export const integrationsUsage = `Usage:
  mcphub integrations list [--user E] [--json]
  mcphub integrations enable <slug> --user E (--token T | --token-stdin) [--set name=value ...]
  mcphub integrations settings <slug> --user E [--set name=value ...] [--json]
  mcphub integrations disable <slug> --user E

Settings (e.g. postgres allow_writes=on) belong to one user's connection;
name=default goes back to the default.`;

const MAX_TOKEN_CHARS = 8_192;

function checkToken(raw: string): string {
  const token = raw.trim();
  if (!token) throw new UsageError('The token is empty.');
  if (token.length > MAX_TOKEN_CHARS) throw new UsageError(`The token is longer than ${MAX_TOKEN_CHARS} characters; is that the right value?`);
  if (/\s/.test(token)) throw new UsageError('The token contains whitespace; paste only the token itself.');
  return token;
}

/** `--set` assignments over `stored`, or a UsageError naming the fix. */
function settingsFrom(integration: AnyIntegration, stored: ConnectionSettings, assignments: string[] | undefined): ConnectionSettings {
  const applied = applySettings(integration, stored, assignments ?? []);
  if (!applied.ok) throw new UsageError(applied.message);
  return applied.settings;
}

function settingsText(integration: AnyIntegration, stored: ConnectionSettings): string {
  const views = describeSettings(integration, stored);
  if (!views.length) return `${integration.name} has no settings.`;
  return table(views.map((v) => ({ ...v, value: `${v.value}${v.set ? '' : ' (default)'}` })), ['name', 'value', 'description']);
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
    const user = values.user ? await userByEmail(ctx, parseEmail(values.user)) : null;
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
      settings: describeSettings(i).map(({ name, default: fallback, description }) => ({ name, default: fallback, description })),
      ...(user ? { enabled: enabled.has(i.slug) } : {}),
    }));
    if (values.json) return ctx.io.out(JSON.stringify(rows));
    const listing = table(rows.map((r) => ({ ...r, enabled: 'enabled' in r ? (r.enabled ? 'yes' : 'no') : undefined })), user ? ['slug', 'name', 'tools', 'enabled', 'description'] : ['slug', 'name', 'tools', 'category', 'description']);
    // What to paste into `integrations enable`, and where to get it.
    const width = Math.max(...rows.map((r) => r.slug.length)) + 2;
    const credentials = rows.map((r) => {
      const settings = r.settings.length ? `\n  ${' '.repeat(width)}Settings (mcphub integrations settings): ${r.settings.map((v) => `${v.name}, default ${v.default}`).join('; ')}` : '';
      return `  ${r.slug.padEnd(width)}${r.credential}; scopes: ${r.scopes.join(', ')}\n  ${' '.repeat(width)}${r.help}${settings}`;
    });
    ctx.io.out(`${listing}\n\nCredentials for \`mcphub integrations enable <slug> --user E --token-stdin\`:\n${credentials.join('\n')}`);
    return;
  }
  if (sub === 'enable') {
    const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, token: { type: 'string' }, 'token-stdin': { type: 'boolean' }, set: { type: 'string', multiple: true } }, 1);
    const integration = integrationOf(ctx, positionals[0]);
    const user = await userByEmail(ctx, parseEmail(requireFlag(values.user, '--user')));
    if ((values.token === undefined) === !values['token-stdin']) throw new UsageError('Give the credential with exactly one of --token T or --token-stdin.');
    // Checked before the token is read: a typo in --set should not cost a paste. Applied over what is
    // stored, as `integrations settings` does, so re-enabling with one --set keeps the other settings.
    const stored = (await ctx.store.listConnections(user.id)).find((c) => c.slug === integration.slug && c.enabled)?.settings ?? {};
    const settings = values.set ? settingsFrom(integration, stored, values.set) : undefined;
    const token = checkToken(values.token ?? (await ctx.io.readStdin()));
    const problem = integration.auth.check?.(token);
    if (problem) throw new UsageError(problem);
    const connection = await ctx.store.upsertConnection({ userId: user.id, slug: integration.slug, sealedCredential: ctx.sealer.seal(token, credentialContext(user.id, integration.slug)), settings, actor: 'cli' });
    const settingsNote = integration.settings ? `\n\n${settingsText(integration, connection.settings)}\n\n${ctx.hints.changeSetting(integration.slug, 'name=value', user.email)}` : '';
    ctx.io.out(`Enabled ${integration.name} for ${user.email} (${integration.tools.length} tools). Connected clients see the new tools within a second.${settingsNote}`);
    return;
  }
  if (sub === 'settings') {
    const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' } }, 1);
    const integration = integrationOf(ctx, positionals[0]);
    const user = await userByEmail(ctx, parseEmail(requireFlag(values.user, '--user')));
    const connection = (await ctx.store.listConnections(user.id)).find((c) => c.slug === integration.slug && c.enabled);
    if (!connection) throw new CommandError(`${integration.name} is not enabled for ${user.email}. ${ctx.hints.enable(integration.slug, user.email)}`);
    let stored = connection.settings;
    if (values.set) {
      const updated = await ctx.store.updateConnectionSettings({ userId: user.id, slug: integration.slug, settings: settingsFrom(integration, stored, values.set), actor: 'cli' });
      if (!updated) throw new CommandError(`${integration.name} was disabled for ${user.email} meanwhile; nothing changed.`);
      stored = updated.settings;
    }
    if (values.json) return ctx.io.out(JSON.stringify(describeSettings(integration, stored)));
    ctx.io.out(values.set ? `Updated ${integration.name} settings for ${user.email}; calls use them within a second.\n\n${settingsText(integration, stored)}` : settingsText(integration, stored));
    return;
  }
  if (sub === 'disable') {
    const { values, positionals } = parseFlags(rest, { user: { type: 'string' } }, 1);
    const integration = integrationOf(ctx, positionals[0]);
    const user = await userByEmail(ctx, parseEmail(requireFlag(values.user, '--user')));
    const changed = await ctx.store.disableConnection({ userId: user.id, slug: integration.slug, actor: 'cli' });
    ctx.io.out(changed ? `Disabled ${integration.name} for ${user.email} and deleted its stored credential.` : `${integration.name} was not enabled for ${user.email}; nothing changed.`);
    return;
  }
  throw new UsageError(sub ? `Unknown command "integrations ${sub}".` : 'Missing an integrations command.');
}
