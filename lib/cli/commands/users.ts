import { localHubUrl } from '../../clients/snippets.ts';
import { resetLink, SIGN_IN_PATH } from '../../services/accounts.ts';
import { createUser, findUserByEmail, listUsers } from '../../services/users.ts';
import { setPlan } from '../../services/plans.ts';
import { UsageError, formatTime, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const usersUsage = `Usage:
  mcphub users create --email E [--name N] [--json]
  mcphub users list [--json]
  mcphub users set-plan --user E --plan ID [--json]   (ID: one of the hub's plans, e.g. free, pro, team, enterprise; MCPHUB_PLANS)
  mcphub users link --email E [--reset] [--json]   (a dashboard sign-in link; --reset: a single-use link to set a new password)`;

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
      ctx.io.out(values.json ? JSON.stringify(all) : table(all.map((u) => ({ ...u, created: formatTime(u.createdAt) })), ['id', 'email', 'name', 'plan', 'created']));
      return;
    }
    if (sub === 'set-plan') {
      const { values } = parseFlags(rest, { user: { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' } });
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const updated = await setPlan(deps, { userId: user.id, plan: requireFlag(values.plan, '--plan') });
      const [before, after] = [deps.plans.resolve(user.plan), deps.plans.resolve(updated.plan)];
      ctx.io.out(values.json ? JSON.stringify(updated) : `${updated.email} is on the ${after.name} plan (${after.id}) now${before.id === after.id ? ', as before' : `, was ${before.name}`}. A running hub applies it within a second.`);
      return;
    }
    if (sub === 'link') {
      const { values } = parseFlags(rest, { email: { type: 'string' }, reset: { type: 'boolean' }, json: { type: 'boolean' } });
      const user = await findUserByEmail(deps, requireFlag(values.email, '--email'));
      // The hub's own address from its config, reached from this machine (a wildcard bind through loopback).
      const base = new URL('/', localHubUrl(ctx.config)).href;
      // Without a password yet, a sign-in page is no use to them: they get the link to set one.
      if (values.reset || !user.hasPassword) {
        const link = await resetLink(deps, user.email, base);
        ctx.io.out(values.json ? JSON.stringify({ kind: 'reset', ...link }) : `Link for ${user.email} to set a password (works once, until ${formatTime(link.expiresAt)}):\n  ${link.url}`);
        return;
      }
      const url = new URL(SIGN_IN_PATH, base).href;
      ctx.io.out(values.json ? JSON.stringify({ kind: 'sign_in', url }) : `${user.email} signs in at ${url} with their password.\nForgotten? ${ctx.hints.passwordLink(user.email)}`);
      return;
    }
    throw new UsageError(sub ? `Unknown command "users ${sub}".` : 'Missing a users command.');
  });
}
