/**
 * The shapes shared by the OAuth fakes' core (core.ts), the provider wires
 * (github.ts, linear.ts, notion.ts, slack.ts) and the tests that steer them.
 */

/** Why the core refused a token request; each wire turns it into its provider's error code. */
export type RefusalKind = 'client_id' | 'client_secret' | 'redirect_uri' | 'code' | 'verifier' | 'refresh_token' | 'grant_type';

export interface TokenRequest {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  refreshToken?: string;
}

export interface Issued {
  ok: true;
  grantType: 'authorization_code' | 'refresh_token';
  accessToken: string;
  refreshToken?: string;
  /** Seconds; undefined when the access token does not expire. */
  expiresIn?: number;
  refreshExpiresIn?: number;
  scopes: string[];
  /** Authorize parameters of the grant (Slack `user_scope` vs `scope`, Linear `actor`). */
  authorize: Record<string, string>;
}

export type TokenOutcome = Issued | { ok: false; kind: RefusalKind; description: string };

export interface FakeOAuthLifetimes {
  /** Access token lifetime in seconds; undefined: never expires. */
  accessSeconds?: number;
  /** Issue refresh tokens (and their lifetime in seconds, if bounded). */
  refresh: boolean;
  refreshSeconds?: number;
  /** A refresh returns a new refresh token and retires the old one; otherwise the answer has none (the client keeps the old). */
  rotate: boolean;
  /** A refresh kills the grant's older access tokens (GitHub Apps do). */
  refreshKillsAccess: boolean;
}

export interface FakeOAuthWire {
  authorizePath: string;
  tokenPath: string;
  pkce: boolean;
  /** Names the fake's default client id (`fake-github-client`). */
  prefix: string;
  /** The prefix of the tokens issued for a grant (`gho_`, `xoxp-`, `xoxe-1-`…), by the grant's authorize parameters. */
  tokenPrefix(kind: 'access' | 'refresh', authorize: Record<string, string>): string;
  readTokenRequest(request: Request): Promise<TokenRequest | Response>;
  answerToken(outcome: TokenOutcome, request: Request, core: FakeOAuthCore): Response;
  /** Revoke and API endpoints: a Response, or undefined for 404. */
  route(request: Request, url: URL, core: FakeOAuthCore): Promise<Response | undefined>;
}

export interface FakeOAuthOptions {
  clientId?: string;
  clientSecret?: string;
  /** Overrides the provider's refresh-token rotation: `false` answers a refresh without a refresh token, and the old one stays valid. */
  rotateRefresh?: boolean;
  /** Mirrors issued access tokens into another fake's token table: set when issued, deleted when expired or revoked. */
  mirror?: { issued(token: string, scopes: string[]): void; dropped(token: string): void };
}

/** The state and logic every wire calls; also what tests steer through FakeOAuth. */
export interface FakeOAuthCore {
  clientId: string;
  clientSecret: string;
  checkClient(id: string | undefined, secret: string | undefined): boolean;
  token(request: TokenRequest): TokenOutcome;
  /** The live grant behind an access token, or null (unknown, expired, revoked). */
  access(token: string): { scopes: string[]; authorize: Record<string, string> } | null;
  /** Whether this access token was ever issued (expired or not). */
  known(token: string): boolean;
  /** Revokes the grant behind an access or refresh token; false when neither is known or the grant already was. */
  revoke(token: string): boolean;
}

export interface FakeOAuth {
  url: string;
  /** What OAuthClientConfig.baseUrls takes to point the client at this fake. */
  baseUrls: { web: string; api: string };
  clientId: string;
  clientSecret: string;
  /** Token requests received, including those answered by an injected failure. */
  tokenRequests(): number;
  /** Tokens sent to the revoke endpoint, in order. */
  revocations: string[];
  /** Loads the authorize page like a browser and clicks Approve (or Deny); returns the callback URL it redirects to. */
  approve(authorizeUrl: string): Promise<string>;
  deny(authorizeUrl: string): Promise<string>;
  /** This access token, or every one issued so far, expires now. */
  expireAccessTokens(token?: string): void;
  /** This refresh token, or every live one, is revoked (as if the person removed the app at the provider). */
  revokeRefreshTokens(token?: string): void;
  /** The next `count` token requests answer `status` (e.g. 500, 429 with a retry-after header) instead. */
  failNextTokenRequests(count: number, status: number, headers?: Record<string, string>): void;
  /** The next token request answers this raw body (malformed JSON, an oversized body). */
  answerNextTokenRequest(status: number, body: string, contentType?: string): void;
  /** The next `count` token requests wait `ms` before being handled (or until the caller gives up). */
  delayNextTokenRequests(count: number, ms: number): void;
  close(): Promise<void>;
}
