import { generateApiKey } from '../../crypto/api-keys.ts';
import { CommandError, UsageError, formatTime, parseEmail, parseFlags, requireFlag, table } from '../args.ts';
import { userByEmail, type CliContext } from '../context.ts';

export const keysUsage = `Usage:
  mcphub keys create --user E --name N [--json]   prints the key once; store it now
  mcphub keys list --user E [--json]
  mcphub keys revoke <key id>`;

export async function keys(argv: string[], ctx: CliContext): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'create') {
    const { values } = parseFlags(rest, { user: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
    const user = await userByEmail(ctx, parseEmail(requireFlag(values.user, '--user')));
    const name = requireFlag(values.name, '--name').trim();
    if (name.length === 0 || name.length > 100) throw new UsageError('--name must be 1 to 100 characters.');
    const generated = generateApiKey();
    const record = await ctx.store.createApiKey({ userId: user.id, name, hash: generated.hash, prefix: generated.prefix, actor: 'cli' });
    if (values.json) {
      ctx.io.out(JSON.stringify({ id: record.id, key: generated.key, prefix: record.prefix, name: record.name }));
    } else {
      ctx.io.out(`Created key "${record.name}" (${record.id}) for ${user.email}:\n\n  ${generated.key}\n\nThis is the only time the key is shown. Use it as "Authorization: Bearer <key>".`);
    }
    return;
  }
  if (sub === 'list') {
    const { values } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } });
    const user = await userByEmail(ctx, parseEmail(requireFlag(values.user, '--user')));
    const list = await ctx.store.listApiKeys(user.id);
    if (values.json) {
      ctx.io.out(JSON.stringify(list));
    } else {
      const rows = list.map((k) => ({ ...k, prefix: `${k.prefix}…`, created: formatTime(k.createdAt), last_used: formatTime(k.lastUsedAt), status: k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active' }));
      ctx.io.out(table(rows, ['id', 'name', 'prefix', 'created', 'last_used', 'status']));
    }
    return;
  }
  if (sub === 'revoke') {
    const { positionals } = parseFlags(rest, {}, 1);
    const id = requireFlag(positionals[0], 'the key id (see `mcphub keys list --user E`)');
    const revoked = await ctx.store.revokeApiKey({ id, actor: 'cli' });
    if (!revoked) throw new CommandError(`No key with id ${id}. ${ctx.hints.listKeys()}`);
    ctx.io.out(`Revoked key "${revoked.name}" (${revoked.id}). A running hub refuses it within a second.`);
    return;
  }
  throw new UsageError(sub ? `Unknown command "keys ${sub}".` : 'Missing a keys command.');
}
