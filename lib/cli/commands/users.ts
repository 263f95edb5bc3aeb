import { StoreError } from '../../store/port.ts';
import { CommandError, UsageError, formatTime, parseEmail, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';

export const usersUsage = `Usage:
  mcphub users create --email E [--name N] [--json]
  mcphub users list [--json]`;

export async function users(argv: string[], ctx: CliContext): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'create') {
    const { values } = parseFlags(rest, { email: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
    const email = parseEmail(requireFlag(values.email, '--email'));
    try {
      const user = await ctx.store.createUser({ email, name: values.name, actor: 'cli' });
      ctx.io.out(values.json ? JSON.stringify(user) : `Created user ${user.email} (${user.id}).\nNext: ${ctx.hints.createKey(user.email, 'laptop')}`);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'EMAIL_TAKEN') throw new CommandError(`A user with email ${email} already exists.`);
      throw error;
    }
    return;
  }
  if (sub === 'list') {
    const { values } = parseFlags(rest, { json: { type: 'boolean' } });
    const all = await ctx.store.listUsers();
    ctx.io.out(values.json ? JSON.stringify(all) : table(all.map((u) => ({ ...u, created: formatTime(u.createdAt) })), ['id', 'email', 'name', 'created']));
    return;
  }
  throw new UsageError(sub ? `Unknown command "users ${sub}".` : 'Missing a users command.');
}
