import type { SettingView } from '../../mcp/settings.ts';
import { disableIntegration, enableIntegration, integrationOf, listIntegrations, settingsForEnable, type IntegrationStatus } from '../../services/integrations.ts';
import type { ConnectionAttention } from '../../store/port.ts';
import { changeSettings, readSettings } from '../../services/settings.ts';
import { findUserByEmail } from '../../services/users.ts';
import { UsageError, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const integrationsUsage = `Usage:
  mcphub integrations list [--user E] [--json]
  mcphub integrations enable <slug> --user E (--token T | --token-stdin) [--set name=value ...] [--no-verify]
  mcphub integrations settings <slug> --user E [--set name=value ...] [--json]
  mcphub integrations disable <slug> --user E

Settings (e.g. postgres allow_writes=on) belong to one user's connection;
name=default goes back to the default. enable checks the credential with the
service (GitHub GET /user, Slack auth.test, PostgreSQL SELECT 1, …) and stores
nothing it refuses; --no-verify stores it unchecked (offline).`;

function settingsText(name: string, views: SettingView[]): string {
  if (!views.length) return `${name} has no settings.`;
  return table(views.map((v) => ({ ...v, value: `${v.value}${v.set ? '' : ' (default)'}` })), ['name', 'value', 'description']);
}

/** A connection's status as `integrations list --user` shows it: the Integrations page's words, the reason after a colon. */
function statusText(row: { status?: IntegrationStatus | null; account?: string | null; attention?: ConnectionAttention | null }): string {
  switch (row.status) {
    case 'connected':
      return row.account ? `connected as ${row.account}` : 'connected';
    case 'needs_reconnect':
      return `needs reconnecting: ${row.attention?.reason ?? ''}`;
    case 'misconfigured':
      return `misconfigured: ${row.attention?.reason ?? ''}`;
    default:
      return 'not connected';
  }
}

const slugOf = (slug: string | undefined) => requireFlag(slug, 'the integration slug (see `mcphub integrations list`)');

export function integrations(argv: string[], ctx: CliContext): Promise<void> {
  return withServiceErrors(async () => {
    const deps = serviceDeps(ctx);
    const [sub, ...rest] = argv;
    if (sub === 'list') {
      const { values } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } });
      const user = values.user ? await findUserByEmail(deps, values.user) : null;
      const rows = (await listIntegrations(deps, { userId: user?.id ?? null })).map((i) => ({
        slug: i.slug,
        name: i.name,
        category: i.category,
        description: i.description,
        auth: i.auth.kind,
        credential: i.auth.label,
        scopes: i.auth.scopes,
        help: i.auth.help,
        tools: i.tools,
        settings: i.settings.map(({ name, default: fallback, description }) => ({ name, default: fallback, description })),
        ...(i.enabled === null ? {} : { enabled: i.enabled, status: i.status, account: i.account, attention: i.attention }),
      }));
      if (values.json) return ctx.io.out(JSON.stringify(rows));
      const listing = table(rows.map((r) => ({ ...r, status: 'status' in r ? statusText(r) : undefined })), user ? ['slug', 'name', 'tools', 'status', 'description'] : ['slug', 'name', 'tools', 'category', 'description']);
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
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, token: { type: 'string' }, 'token-stdin': { type: 'boolean' }, set: { type: 'string', multiple: true }, 'no-verify': { type: 'boolean' } }, 1);
      const slug = slugOf(positionals[0]);
      integrationOf(deps, slug);
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      if ((values.token === undefined) === !values['token-stdin']) throw new UsageError('Give the credential with exactly one of --token T or --token-stdin.');
      // Checked before the token is read: a typo in --set should not cost a paste.
      await settingsForEnable(deps, { userId: user.id, slug, assignments: values.set });
      const credential = values.token ?? (await ctx.io.readStdin());
      const { integration, connection, account } = await enableIntegration(deps, { userId: user.id, slug, credential, assignments: values.set, verify: !values['no-verify'] });
      const as = account ? ` as ${account.label}` : ' (credential not checked: --no-verify)';
      const settingsNote = integration.settings.length ? `\n\n${settingsText(integration.name, connection.settings)}\n\n${ctx.hints.changeSetting(slug, 'name=value', user.email)}` : '';
      ctx.io.out(`Enabled ${integration.name} for ${user.email}${as} (${integration.tools} tools). Connected clients see the new tools within a second.${settingsNote}`);
      return;
    }
    if (sub === 'settings') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' } }, 1);
      const integration = integrationOf(deps, slugOf(positionals[0]));
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const input = { userId: user.id, slug: integration.slug };
      const views = values.set ? await changeSettings(deps, { ...input, assignments: values.set }) : await readSettings(deps, input);
      if (values.json) return ctx.io.out(JSON.stringify(views));
      ctx.io.out(values.set ? `Updated ${integration.name} settings for ${user.email}; calls use them within a second.\n\n${settingsText(integration.name, views)}` : settingsText(integration.name, views));
      return;
    }
    if (sub === 'disable') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' } }, 1);
      const integration = integrationOf(deps, slugOf(positionals[0]));
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const { disabled, revoke } = await disableIntegration(deps, { userId: user.id, slug: integration.slug });
      ctx.io.out(disabled ? `Disabled ${integration.name} for ${user.email} and deleted its stored credential.` : `${integration.name} was not enabled for ${user.email}; nothing changed.`);
      if (revoke.status === 'revoked') ctx.io.out(`${integration.name} revoked the OAuth grant.`);
      if (revoke.status === 'failed') ctx.io.err(revoke.message);
      return;
    }
    throw new UsageError(sub ? `Unknown command "integrations ${sub}".` : 'Missing an integrations command.');
  });
}
