/**
 * Who granted a new connection: an id (stable, for matching a reconnect to
 * its connection) and a label a person recognises (GitHub login, Linear user
 * and organization, Notion workspace, Slack team). Notion and Slack name the
 * account in the token answer; GitHub and Linear need one request with the
 * new token. These are plain requests rather than integrations/<slug>/verify.ts:
 * verify gives a label but no id, and Linear's client sends a personal key
 * without the "Bearer " an OAuth token needs.
 */
import * as z from 'zod';
import { oauthFailure, type OAuthFailure } from './errors.ts';
import { failureOf, sendBounded, type OAuthHttp } from './http.ts';
import type { OAuthActor, OAuthProvider } from './providers.ts';

export interface OAuthAccount {
  id: string;
  label: string;
}

/** The account, and provider facts a later request needs (Slack team and bot user, Notion workspace and bot, Linear organization). */
export interface AccountFacts {
  ok: true;
  account: OAuthAccount;
  metadata: Record<string, string>;
}

const ID = z.string().min(1).max(256);
const NAME = z.string().max(256);

const GitHubUserSchema = z.object({ id: z.number().int(), login: NAME.min(1) });
const LinearViewerSchema = z.object({
  data: z.object({ viewer: z.object({ id: ID, name: NAME }), organization: z.object({ id: ID, name: NAME }) }),
});
const NotionAnswerSchema = z.object({
  bot_id: ID,
  workspace_id: ID,
  workspace_name: NAME.nullish(),
  owner: z.object({ type: z.string(), user: z.object({ id: ID, name: NAME.nullish() }).nullish() }).nullish(),
});
const SlackAnswerSchema = z.object({
  app_id: ID.nullish(),
  bot_user_id: ID.nullish(),
  team: z.object({ id: ID, name: NAME }),
  enterprise: z.object({ id: ID }).nullish(),
  authed_user: z.object({ id: ID }).nullish(),
});

export interface AccountContext {
  provider: OAuthProvider;
  actor: OAuthActor;
  accessToken: string;
  /** The token endpoint's answer. */
  answer: unknown;
  apiUrl: string;
  http: OAuthHttp;
}

const clean = (facts: Record<string, string | null | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(facts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** Names the account behind a new grant, by the provider's `account` source. */
export async function accountOf(context: AccountContext): Promise<AccountFacts | OAuthFailure> {
  const { provider, answer } = context;
  switch (provider.account) {
    case 'github-user': {
      const user = await lookup(context, `${context.apiUrl}/user`, { method: 'GET', headers: { accept: 'application/vnd.github+json' } }, 'GET /user', GitHubUserSchema);
      if (!user.ok) return user;
      return { ok: true, account: { id: String(user.data.id), label: user.data.login }, metadata: {} };
    }
    case 'linear-viewer': {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query oauthAccount { viewer { id name } organization { id name } }' }) };
      const found = await lookup(context, `${context.apiUrl}/graphql`, init, 'the viewer query', LinearViewerSchema);
      if (!found.ok) return found;
      const { viewer, organization } = found.data.data;
      return { ok: true, account: { id: viewer.id, label: `${viewer.name} in ${organization.name}` }, metadata: { organization_id: organization.id } };
    }
    case 'notion-response': {
      const parsed = NotionAnswerSchema.safeParse(answer);
      if (!parsed.success) return missing(provider, parsed.error);
      const n = parsed.data;
      const workspace = n.workspace_name || 'Notion workspace';
      return { ok: true, account: { id: n.bot_id, label: n.owner?.user?.name ? `${n.owner.user.name} in ${workspace}` : workspace }, metadata: clean({ workspace_id: n.workspace_id, bot_id: n.bot_id, owner_user_id: n.owner?.user?.id }) };
    }
    case 'slack-response': {
      const parsed = SlackAnswerSchema.safeParse(answer);
      if (!parsed.success) return missing(provider, parsed.error);
      const s = parsed.data;
      const who = context.actor === 'user' ? s.authed_user?.id : s.bot_user_id;
      if (!who) return oauthFailure('bad_response', `Slack's answer names no ${context.actor === 'user' ? '`authed_user.id`' : '`bot_user_id`'}.`);
      return { ok: true, account: { id: `${s.team.id}:${who}`, label: s.team.name }, metadata: clean({ team_id: s.team.id, app_id: s.app_id, bot_user_id: s.bot_user_id, authed_user_id: s.authed_user?.id, enterprise_id: s.enterprise?.id }) };
    }
  }
}

function missing(provider: OAuthProvider, error: z.ZodError): OAuthFailure {
  return oauthFailure('bad_response', `${provider.name}'s token answer does not name the account: \`${error.issues[0]?.path.join('.') ?? '?'}\` is missing or malformed.`);
}

async function lookup<T>(context: AccountContext, url: string, init: RequestInit, what: string, schema: z.ZodType<T>): Promise<{ ok: true; data: T } | OAuthFailure> {
  const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${context.accessToken}`, 'user-agent': 'mcphub' };
  const name = `${context.provider.name} (${what})`;
  const answer = await sendBounded(url, { ...init, headers }, context.http, name);
  if (!answer.ok) return answer;
  const failure = failureOf(answer, 'rfc', name);
  // A refusal of a token issued a moment ago is no grant problem the person could fix by connecting again.
  if (failure) return failure.reason === 'transient' ? failure : oauthFailure('bad_response', `${context.provider.name} issued a token, but ${what} refused it: ${failure.message}`, { status: answer.status });
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) return oauthFailure('bad_response', `${name} answered without the account's id and name.`, { status: answer.status });
  return { ok: true, data: parsed.data };
}
