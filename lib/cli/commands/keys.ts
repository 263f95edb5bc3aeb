import { createKey, listKeys, revokeAnyUsersKey, rotateKey, type CreatedKey } from '../../services/keys.ts';
import { findUserByEmail } from '../../services/users.ts';
import { TOOL_MODES, type ToolMode } from '../../store/toolsets.ts';
import { UsageError, formatTime, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const keysUsage = `Usage:
  mcphub keys create --user E --name N [--toolset ID] [--mode flat|progressive] [--json]   prints the key once; store it now
  mcphub keys list --user E [--json]
  mcphub keys rotate <key id> --user E [--json]   a new key with the same name; the old one is revoked
  mcphub keys revoke <key id>`;

const SHOWN_ONCE = 'This is the only time the key is shown. Use it as "Authorization: Bearer <key>".';
const createdJson = ({ record, key }: CreatedKey) => ({ id: record.id, key, prefix: record.prefix, name: record.name });

export function keys(argv: string[], ctx: CliContext): Promise<void> {
  return withServiceErrors(async () => {
    const deps = serviceDeps(ctx);
    const [sub, ...rest] = argv;
    if (sub === 'create') {
      const { values } = parseFlags(rest, { user: { type: 'string' }, name: { type: 'string' }, toolset: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' } });
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      if (values.mode !== undefined && !(TOOL_MODES as readonly string[]).includes(values.mode)) throw new UsageError(`--mode must be ${TOOL_MODES.join(' or ')}, not "${values.mode}".`);
      const created = await createKey(deps, { userId: user.id, name: requireFlag(values.name, '--name'), toolsetId: values.toolset ?? null, mode: (values.mode as ToolMode | undefined) ?? null });
      const { record, key } = created;
      ctx.io.out(values.json ? JSON.stringify(createdJson(created)) : `Created key "${record.name}" (${record.id}) for ${user.email}:\n\n  ${key}\n\n${SHOWN_ONCE}`);
      return;
    }
    if (sub === 'rotate') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } }, 1);
      const keyId = requireFlag(positionals[0], 'the key id (see `mcphub keys list --user E`)');
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const rotated = await rotateKey(deps, { userId: user.id, keyId });
      const { record, key } = rotated;
      ctx.io.out(
        values.json
          ? JSON.stringify({ ...createdJson(rotated), revoked: rotated.revoked.id })
          : `Rotated key "${record.name}" for ${user.email}: ${rotated.revoked.id} is revoked (a running hub refuses it within a second); the new key ${record.id} is:\n\n  ${key}\n\n${SHOWN_ONCE}`,
      );
      return;
    }
    if (sub === 'list') {
      const { values } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } });
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const list = await listKeys(deps, { userId: user.id });
      if (values.json) {
        ctx.io.out(JSON.stringify(list));
      } else {
        const rows = list.map((k) => ({ ...k, prefix: `${k.prefix}…`, toolset: k.toolsetId ?? 'all tools', mode: k.mode ?? 'default', created: formatTime(k.createdAt), last_used: formatTime(k.lastUsedAt), status: k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active' }));
        ctx.io.out(table(rows, ['id', 'name', 'prefix', 'toolset', 'mode', 'created', 'last_used', 'status']));
      }
      return;
    }
    if (sub === 'revoke') {
      const { positionals } = parseFlags(rest, {}, 1);
      const revoked = await revokeAnyUsersKey(deps, { keyId: requireFlag(positionals[0], 'the key id (see `mcphub keys list --user E`)') });
      ctx.io.out(`Revoked key "${revoked.name}" (${revoked.id}). A running hub refuses it within a second.`);
      return;
    }
    throw new UsageError(sub ? `Unknown command "keys ${sub}".` : 'Missing a keys command.');
  });
}
