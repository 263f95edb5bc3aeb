/**
 * A remote MCP server with its own OAuth (issue 15): MCP authorization run
 * per user from the dashboard. Starting adds the server (pending, its
 * credential the client the hub registered there) and answers where to send
 * the browser: the SDK's `auth()` discovers the protected resource and its
 * authorization server, registers the hub as a client (dynamic registration)
 * and builds the authorize URL with PKCE. The callback (`/oauth/remote/callback`)
 * takes the flow once, for the same user and dashboard session, exchanges
 * the code, stores the tokens sealed and lists the server's tools. Later
 * requests refresh an expired token through the same provider
 * (lib/remote/sessions.ts). Every request of the flow goes through the SSRF
 * guard: the authorization server's URLs come from the remote server.
 */
import { auth } from '@modelcontextprotocol/client';
import { generateUrlToken, isUrlTokenShaped } from '../crypto/oauth-tokens.ts';
import { oauthVerifierContext } from '../crypto/seal.ts';
import { hashToken } from '../crypto/session-tokens.ts';
import { guardedFetch } from '../remote/address.ts';
import { cappedMessageFetch } from '../remote/message-cap.ts';
import { openCredential, sealCredential, type RemoteCredential } from '../remote/credential.ts';
import { RemoteOAuthProvider } from '../remote/oauth-provider.ts';
import type { RemoteServer } from '../store/remote-servers.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-state.ts';
import { refreshServerTools, toView, type RemoteServerView } from './remote-servers.ts';
import { checkNewServer } from './remote-checks.ts';
import { requireUser } from './users.ts';

type Deps = Pick<ServiceDeps, 'store' | 'sealer' | 'registry' | 'hints' | 'actor' | 'remote' | 'oauth' | 'upstream'>;

/** Where the authorization server sends the browser back. */
export const REMOTE_CALLBACK_PATH = '/oauth/remote/callback';

type OAuthCredential = Extract<RemoteCredential, { kind: 'oauth' }>;

function remoteOf(deps: Deps) {
  if (!deps.remote) throw new Error('services/remote-oauth: this surface was built without remote MCP access (ServiceDeps.remote)');
  return deps.remote;
}

/**
 * The fetch under a server's OAuth discovery, registration and token
 * requests, whose URLs the server names: guarded against private targets as
 * its MCP requests are, each answer capped (MCPHUB_MAX_UPSTREAM_BYTES) and
 * each request bounded in time (MCPHUB_TOOL_TIMEOUT_MS), so a slow or huge
 * answer cannot hold the API request or the hub's memory.
 */
function oauthFetch(deps: Deps, serverName: string): typeof fetch {
  const capped = cappedMessageFetch(guardedFetch(fetch, { allowPrivate: remoteOf(deps).allowPrivate }), { maxBytes: deps.upstream.maxBytes, serverName });
  const timeoutMs = deps.upstream.timeoutMs;
  return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return capped(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  }) as typeof fetch;
}

/** A provider over `server`'s credential that stores every change to it. */
export function providerFor(deps: Pick<Deps, 'store' | 'sealer'> & { oauth: { publicUrl: () => string } }, server: Pick<RemoteServer, 'id' | 'ownerId' | 'slug'>, credential: OAuthCredential, extra: { state?: string; codeVerifier?: string } = {}): RemoteOAuthProvider {
  return new RemoteOAuthProvider({
    redirectUrl: `${deps.oauth.publicUrl()}${REMOTE_CALLBACK_PATH}`,
    credential,
    ...extra,
    save: async (next) => {
      await deps.store.updateRemoteServerCredential({ id: server.id, ownerId: server.ownerId, credentialKind: 'oauth', sealedCredential: sealCredential(deps.sealer, server.ownerId, server.slug, next), actor: 'oauth' });
    },
  });
}

/** Adds `slug` for `userId` as an OAuth server and starts its sign-in: the URL to send the browser to. */
export async function startRemoteOAuth(deps: Deps, input: { userId: string; sessionId: string; slug: string; url: string }): Promise<{ authorizeUrl: string; server: RemoteServerView }> {
  const remote = remoteOf(deps);
  const user = await requireUser(deps, input.userId);
  const { slug, url } = await checkNewServer(deps, remote, user.id, input);
  const credential: OAuthCredential = { kind: 'oauth' };
  let server: RemoteServer;
  try {
    server = await deps.store.createRemoteServer({ ownerId: user.id, slug, url: url.href, credentialKind: 'oauth', sealedCredential: sealCredential(deps.sealer, user.id, slug, credential), actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error);
  }
  const { token: state, hash } = generateUrlToken();
  const provider = providerFor(deps, server, credential, { state });
  try {
    const result = await auth(provider, { serverUrl: url, fetchFn: oauthFetch(deps, slug) });
    if (result === 'AUTHORIZED' || !provider.authorizationUrl) throw new Error('the server asked for no sign-in: add it with no credential instead');
    await deps.store.createOAuthState({
      hash, userId: user.id, sessionId: input.sessionId, slug, sealedVerifier: deps.sealer.seal(provider.codeVerifier(), oauthVerifierContext(user.id, input.sessionId, slug)),
      redirectUri: provider.redirectUrl, scopes: [], purpose: 'connect', returnTo: '/mcp-servers', expiresAt: Date.now() + OAUTH_STATE_TTL_MS,
    });
  } catch (error) {
    // Nothing half-made stays behind: the person starts again.
    await deps.store.removeRemoteServer({ id: server.id, ownerId: user.id, actor: deps.actor });
    if (error instanceof ServiceError) throw error;
    throw new ServiceError('upstream_unreachable', `Could not start signing in to ${url.host}: ${String((error as Error).message).slice(0, 200)}. Check that the server supports MCP authorization (OAuth), or choose another credential.`);
  }
  await deps.store.recordRemoteServerCheck({ id: server.id, status: 'pending', statusReason: `Waiting for you to sign in at ${provider.authorizationUrl.host}.`, checkedAt: Date.now() });
  return { authorizeUrl: provider.authorizationUrl.href, server: toView(server, user) };
}

export type CompletedRemoteOAuth = { ok: true; slug: string; returnTo: string } | { ok: false; message: string };

/** The callback: the flow taken once for this user and session, the code exchanged, the tools listed. */
export async function completeRemoteOAuth(deps: Deps, input: { userId: string; sessionId: string; callbackUrl: string }): Promise<CompletedRemoteOAuth> {
  const params = new URL(input.callbackUrl).searchParams;
  const state = params.get('state') ?? '';
  if (!isUrlTokenShaped(state)) return { ok: false, message: 'This sign-in answer has no valid state; start again from the MCP servers page.' };
  const flow = await deps.store.consumeOAuthState(hashToken(state), Date.now());
  if (!flow || flow.userId !== input.userId || flow.sessionId !== input.sessionId || flow.redirectUri !== `${deps.oauth.publicUrl()}${REMOTE_CALLBACK_PATH}`) {
    return { ok: false, message: 'This sign-in was already used, has expired, or was started by someone else or in another browser; start again from the MCP servers page.' };
  }
  const server = (await deps.store.listRemoteServers(input.userId)).find((candidate) => candidate.slug === flow.slug && candidate.ownerId === input.userId && candidate.credentialKind === 'oauth');
  if (!server) return { ok: false, message: `The MCP server ${flow.slug} was removed meanwhile; add it again.` };
  const denied = params.get('error');
  const code = params.get('code');
  if (denied || !code) {
    const reason = `The server's sign-in did not grant access (${(params.get('error_description') ?? denied ?? 'no code').slice(0, 200)}).`;
    await deps.store.recordRemoteServerCheck({ id: server.id, status: 'error', statusReason: `${reason} Remove it and add it again to retry.`, checkedAt: Date.now() });
    return { ok: false, message: reason };
  }
  const credential = openCredential(deps.sealer, server);
  if (credential.kind !== 'oauth') return { ok: false, message: `${flow.slug} is not an OAuth server.` };
  const codeVerifier = deps.sealer.open(flow.sealedVerifier, oauthVerifierContext(flow.userId, flow.sessionId, flow.slug));
  const provider = providerFor(deps, server, credential, { codeVerifier });
  try {
    await auth(provider, { serverUrl: server.url, authorizationCode: code, fetchFn: oauthFetch(deps, server.slug) });
  } catch (error) {
    const reason = `The server's authorization server refused the sign-in: ${String((error as Error).message).slice(0, 200)}`;
    await deps.store.recordRemoteServerCheck({ id: server.id, status: 'error', statusReason: reason.slice(0, 500), checkedAt: Date.now() });
    return { ok: false, message: `${reason}. Start again from the MCP servers page.` };
  }
  const signedIn = await deps.store.getRemoteServer(server.id);
  if (signedIn) await refreshServerTools(deps, signedIn, input.userId);
  return { ok: true, slug: flow.slug, returnTo: `${flow.returnTo ?? '/mcp-servers'}?connected=${encodeURIComponent(flow.slug)}` };
}
