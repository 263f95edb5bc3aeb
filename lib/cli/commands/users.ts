import { createUser, listUsers } from '../../services/users.ts';
import { UsageError, formatTime, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const usersUsage = `Usage:
  mcphub users create --email E [--name N] [--json]
  mcphub users list [--json]`;

export function users(argv: string[], ctx: CliContext): Promise<void> {
  return withServiceErrors(async () => {
    const deps = serviceDeps(ctx);
    const [sub, ...rest] = argv;
    if (sub === 'create') {
      const { values } = parseFlags(rest, { email: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
      const user = await createUser(deps, { email: requireFlag(values.email, '--email'), name: values.name });
      ctx.io.out(values.json ? JSON.stringify(user) : `Created user ${user.email} (${user.id}).\nNext: ${ctx.hints.createKey(user.email, 'laptop')}`);
      return;
    }
    if (sub === 'list') {
      const { values } = parseFlags(rest, { json: { type: 'boolean' } });
      const all = await listUsers(deps);
      ctx.io.out(values.json ? JSON.stringify(all) : table(all.map((u) => ({ ...u, created: formatTime(u.createdAt) })), ['id', 'email', 'name', 'created']));
      return;
    }
    throw new UsageError(sub ? `Unknown command "users ${sub}".` : 'Missing a users command.');
  });
}
