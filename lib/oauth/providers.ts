/**
 * The four OAuth providers as data (issue 13): one flow in client.ts reads
 * these objects instead of four hand-written flows. Every difference between
 * the providers that the flow needs — endpoints, scope separator, client
 * authentication, body encoding, where the tokens sit in the answer, how
 * errors look, how the account is named — is a field here, with the
 * provider's documentation as the reason in a comment.
 */

/** The two hosts a provider answers on: the browser-facing one (authorize) and the API one. */
export interface OAuthBaseUrls {
  web: string;
  api: string;
}

/** An endpoint: a path on one of the provider's two hosts. `{clientId}` in a path is replaced by the client id. */
export interface OAuthEndpoint {
  base: keyof OAuthBaseUrls;
  path: string;
}

/**
 * Who the connection acts as. Linear `actor=app` makes actions appear as the
 * app; Slack asks for user scopes with `user_scope` (the user token then sits
 * under `authed_user`) and for bot scopes with `scope` (the bot token at the top).
 */
export type OAuthActor = 'user' | 'app';

export interface OAuthActorShape {
  /** The authorize parameter the scopes go in; null when the provider has no scopes (Notion). */
  scopeParam: string | null;
  defaultScopes: string[];
  /** Fixed authorize parameters for this actor (Linear `actor=app`, Notion `owner=user`). */
  authorizeParams: Record<string, string>;
  /** Where the code exchange puts this actor's tokens: the top of the answer or Slack's `authed_user`. */
  tokensAt: 'root' | 'authed_user';
}

/**
 * How a provider says a token request failed:
 * - `rfc`: RFC 6749 §5.2, HTTP 400/401 with `{ error, error_description }`;
 * - `http200`: GitHub, HTTP 200 with `{ error, error_description }`;
 * - `slack`: HTTP 200 with `{ ok: false, error }`.
 */
export type OAuthErrorStyle = 'rfc' | 'http200' | 'slack';

/** How the account behind a new grant is named (accounts.ts). */
export type OAuthAccountSource = 'github-user' | 'linear-viewer' | 'notion-response' | 'slack-response';

export interface OAuthRevoke {
  method: 'POST' | 'DELETE';
  endpoint: OAuthEndpoint;
  /** `basic`: client id and secret as HTTP Basic; `client-body`: in the body; `bearer`: the token itself as Bearer. */
  auth: 'basic' | 'client-body' | 'bearer';
  body: 'form' | 'json' | 'none';
  /** The body field carrying the token (GitHub `access_token`, RFC 7009 `token`). */
  tokenField: string | null;
  /** Which token to send: the refresh token ends a rotating grant (Linear); the others take the access token. */
  token: 'access' | 'refresh-or-access';
}

export interface OAuthProvider {
  slug: 'github' | 'linear' | 'notion' | 'slack';
  name: string;
  defaultBaseUrls: OAuthBaseUrls;
  authorize: OAuthEndpoint;
  token: OAuthEndpoint;
  revoke: OAuthRevoke;
  /** Separator of the scope list in the authorize URL. */
  scopeSeparator: ' ' | ',';
  actors: Partial<Record<OAuthActor, OAuthActorShape>>;
  defaultActor: OAuthActor;
  /** `body`: client_id and client_secret as body fields; `basic`: an HTTP Basic header. */
  clientAuth: 'body' | 'basic';
  /** Encoding of the token request body. */
  tokenBody: 'form' | 'json';
  /** PKCE S256 supported: the flow sends a challenge and the verifier. */
  pkce: boolean;
  errorStyle: OAuthErrorStyle;
  account: OAuthAccountSource;
  /** Refresh this long before the access token expires. */
  refreshMarginMs: number;
}

const MINUTE = 60_000;

/*
 * Default scopes are the ones the integration's tools need, the same lists as
 * `auth.scopes` in integrations/<slug>/index.ts (test/oauth/providers.test.ts
 * holds them equal); an operator may ask for others.
 */
const SLACK_SCOPES = ['channels:read', 'channels:history', 'groups:read', 'groups:history', 'chat:write', 'reactions:write', 'users:read', 'search:read'];

/**
 * GitHub OAuth apps and GitHub Apps (user tokens). OAuth App tokens never
 * expire; GitHub App user tokens last 8 h, their refresh tokens 6 months, and a
 * refresh kills the old access token. PKCE (S256 only) is supported since
 * 2025-07-14 (GitHub changelog "PKCE support for OAuth and GitHub App
 * authentication"). Errors come back as HTTP 200 bodies; the token endpoint
 * answers JSON only with `Accept: application/json`. Revoking deletes the
 * whole grant: `DELETE /applications/{client_id}/grant`, Basic auth with the
 * client credentials, JSON `{ access_token }`. GitHub Enterprise: web
 * `https://HOST`, api `https://HOST/api/v3`.
 */
export const GITHUB_OAUTH: OAuthProvider = {
  slug: 'github',
  name: 'GitHub',
  defaultBaseUrls: { web: 'https://github.com', api: 'https://api.github.com' },
  authorize: { base: 'web', path: '/login/oauth/authorize' },
  token: { base: 'web', path: '/login/oauth/access_token' },
  revoke: { method: 'DELETE', endpoint: { base: 'api', path: '/applications/{clientId}/grant' }, auth: 'basic', body: 'json', tokenField: 'access_token', token: 'access' },
  scopeSeparator: ' ',
  actors: { user: { scopeParam: 'scope', defaultScopes: ['repo', 'read:org'], authorizeParams: {}, tokensAt: 'root' } },
  defaultActor: 'user',
  clientAuth: 'body',
  tokenBody: 'form',
  pkce: true,
  errorStyle: 'http200',
  account: 'github-user',
  refreshMarginMs: 10 * MINUTE,
};

/**
 * Linear: 24 h access tokens with rotating refresh tokens (mandatory for every
 * app since 2026-04-01); comma-separated scopes; PKCE S256 supported; form
 * body with the client credentials; RFC-shaped errors. `actor=app` makes
 * actions appear as the app. Revoke: `POST /oauth/revoke` with `token` (the
 * refresh token ends the grant). The account is the `viewer` and its
 * organization, asked over GraphQL with the new token.
 */
export const LINEAR_OAUTH: OAuthProvider = {
  slug: 'linear',
  name: 'Linear',
  defaultBaseUrls: { web: 'https://linear.app', api: 'https://api.linear.app' },
  authorize: { base: 'web', path: '/oauth/authorize' },
  token: { base: 'api', path: '/oauth/token' },
  revoke: { method: 'POST', endpoint: { base: 'api', path: '/oauth/revoke' }, auth: 'client-body', body: 'form', tokenField: 'token', token: 'refresh-or-access' },
  scopeSeparator: ',',
  actors: {
    user: { scopeParam: 'scope', defaultScopes: ['read', 'write'], authorizeParams: {}, tokensAt: 'root' },
    app: { scopeParam: 'scope', defaultScopes: ['read', 'write'], authorizeParams: { actor: 'app' }, tokensAt: 'root' },
  },
  defaultActor: 'user',
  clientAuth: 'body',
  tokenBody: 'form',
  pkce: true,
  errorStyle: 'rfc',
  account: 'linear-viewer',
  refreshMarginMs: 30 * MINUTE,
};

/**
 * Notion public integrations: no scopes (capabilities are set on the
 * integration, pages are shared by the user), `owner=user`; the token
 * endpoint takes HTTP Basic client credentials and a JSON body and rotates
 * refresh tokens. Notion documents no PKCE parameters for public
 * integrations, so none are sent. The token answer names the workspace and
 * the owner, so no follow-up request is needed. Revoke: `POST
 * /v1/oauth/revoke`, Basic auth, JSON `{ token }`.
 */
export const NOTION_OAUTH: OAuthProvider = {
  slug: 'notion',
  name: 'Notion',
  defaultBaseUrls: { web: 'https://api.notion.com', api: 'https://api.notion.com' },
  authorize: { base: 'web', path: '/v1/oauth/authorize' },
  token: { base: 'api', path: '/v1/oauth/token' },
  revoke: { method: 'POST', endpoint: { base: 'api', path: '/v1/oauth/revoke' }, auth: 'basic', body: 'json', tokenField: 'token', token: 'access' },
  scopeSeparator: ' ',
  actors: { user: { scopeParam: null, defaultScopes: [], authorizeParams: { owner: 'user' }, tokensAt: 'root' } },
  defaultActor: 'user',
  clientAuth: 'basic',
  tokenBody: 'json',
  pkce: false,
  errorStyle: 'rfc',
  account: 'notion-response',
  refreshMarginMs: 10 * MINUTE,
};

/**
 * Slack `oauth.v2`: comma-separated scopes, bot scopes in `scope` and user
 * scopes in `user_scope`; the user token sits under `authed_user`. Every
 * answer is HTTP 200 with `ok: false` on failure. Token rotation is optional
 * (12 h tokens with refresh tokens once the app turns it on). `oauth.v2.access`
 * documents a `code_verifier` argument, so PKCE S256 is used. The hub's Slack
 * tools search messages, which takes a user token: `user` is the default
 * actor. Revoke: `auth.revoke` with the token as Bearer. (`oauth.v2.exchange`
 * turns legacy non-rotating tokens into rotating ones; connections made here
 * start rotating when the app has rotation on, so it is not needed.)
 */
export const SLACK_OAUTH: OAuthProvider = {
  slug: 'slack',
  name: 'Slack',
  defaultBaseUrls: { web: 'https://slack.com', api: 'https://slack.com/api' },
  authorize: { base: 'web', path: '/oauth/v2/authorize' },
  token: { base: 'api', path: '/oauth.v2.access' },
  revoke: { method: 'POST', endpoint: { base: 'api', path: '/auth.revoke' }, auth: 'bearer', body: 'none', tokenField: null, token: 'access' },
  scopeSeparator: ',',
  actors: {
    user: { scopeParam: 'user_scope', defaultScopes: SLACK_SCOPES, authorizeParams: {}, tokensAt: 'authed_user' },
    // search:read exists only as a user scope.
    app: { scopeParam: 'scope', defaultScopes: SLACK_SCOPES.filter((scope) => scope !== 'search:read'), authorizeParams: {}, tokensAt: 'root' },
  },
  defaultActor: 'user',
  clientAuth: 'body',
  tokenBody: 'form',
  pkce: true,
  errorStyle: 'slack',
  account: 'slack-response',
  refreshMarginMs: 10 * MINUTE,
};

/** Every provider by slug. */
export const OAUTH_PROVIDERS: Record<OAuthProvider['slug'], OAuthProvider> = {
  github: GITHUB_OAUTH,
  linear: LINEAR_OAUTH,
  notion: NOTION_OAUTH,
  slack: SLACK_OAUTH,
};
