/**
 * An operator's OAuth app settings for one provider, as a parameter (STYLE 9:
 * lib/env.ts reads the environment, this file only checks what it is given).
 * `checkOAuthConfig` says what is wrong in words an operator can act on; the
 * client functions answer `misconfigured` with the same words.
 */
import { oauthFailure, type OAuthFailure } from './errors.ts';
import type { OAuthHttp } from './http.ts';
import type { OAuthActor, OAuthActorShape, OAuthBaseUrls, OAuthEndpoint, OAuthProvider } from './providers.ts';

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  /** Who the connection acts as; the provider's `defaultActor` when absent. */
  actor?: OAuthActor;
  /** More authorize parameters (e.g. Linear `prompt=consent`); the flow's own parameters cannot be replaced. */
  extraAuthorizeParams?: Record<string, string>;
  /** Endpoint overrides: GitHub Enterprise (`{ web: 'https://HOST', api: 'https://HOST/api/v3' }`), tests. */
  baseUrls?: Partial<OAuthBaseUrls>;
  fetch?: typeof fetch;
  /** Bound on each request, body read included; default 10 s. */
  timeoutMs?: number;
  /** Bound on each answer's body; default 64 KiB. */
  maxResponseBytes?: number;
}

/** A checked config: endpoints resolved, bounds filled in. */
export interface ResolvedOAuthConfig {
  ok: true;
  actor: OAuthActor;
  shape: OAuthActorShape;
  baseUrls: OAuthBaseUrls;
  http: OAuthHttp;
}

const RESERVED = new Set(['client_id', 'client_secret', 'redirect_uri', 'response_type', 'state', 'scope', 'user_scope', 'code_challenge', 'code_challenge_method']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const CONTROL = /[\u0000-\u001f\u007f]/;

function baseUrlProblem(provider: OAuthProvider, key: keyof OAuthBaseUrls, value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `the ${provider.name} ${key} base URL "${value.slice(0, 200)}" is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return `the ${provider.name} ${key} base URL must use https (http only for localhost)`;
  if (url.search || url.hash || url.username || url.password) return `the ${provider.name} ${key} base URL must have no query, fragment or credentials`;
  return null;
}

/** The config with defaults, or `misconfigured` naming the first problem and its fix. */
export function checkOAuthConfig(provider: OAuthProvider, config: OAuthClientConfig): ResolvedOAuthConfig | OAuthFailure {
  const problem = (text: string) => oauthFailure('misconfigured', `${provider.name} OAuth is misconfigured: ${text}.`);
  for (const [name, value] of [['client id', config.clientId], ['client secret', config.clientSecret]] as const) {
    if (!value || value.length > 512 || CONTROL.test(value)) return problem(`the ${name} must be 1–512 printable characters (copy it from the provider's app settings)`);
  }
  const actor = config.actor ?? provider.defaultActor;
  const shape = provider.actors[actor];
  if (!shape) return problem(`it cannot act as "${actor}"; use ${Object.keys(provider.actors).join(' or ')}`);
  const extra = Object.entries(config.extraAuthorizeParams ?? {});
  if (extra.length > 20) return problem('at most 20 extra authorize parameters');
  for (const [key, value] of extra) {
    if (RESERVED.has(key)) return problem(`the extra authorize parameter "${key}" is set by the flow itself; remove it`);
    if (!/^[a-z_][a-z0-9_.-]{0,63}$/i.test(key) || value.length > 500 || CONTROL.test(value)) return problem(`the extra authorize parameter "${key.slice(0, 64)}" needs a plain name and a value of at most 500 printable characters`);
  }
  const baseUrls = { ...provider.defaultBaseUrls, ...config.baseUrls };
  for (const key of ['web', 'api'] as const) {
    const bad = baseUrlProblem(provider, key, baseUrls[key]);
    if (bad) return problem(bad);
    baseUrls[key] = baseUrls[key].replace(/\/+$/, '');
  }
  const timeoutMs = config.timeoutMs ?? 10_000;
  const maxResponseBytes = config.maxResponseBytes ?? 65_536;
  if (!(timeoutMs >= 100 && timeoutMs <= 120_000) || !(maxResponseBytes >= 1_024 && maxResponseBytes <= 4_194_304)) return problem('the timeout must be 100 ms–2 min and the answer bound 1 KiB–4 MiB');
  return { ok: true, actor, shape, baseUrls, http: { fetch: config.fetch ?? fetch, timeoutMs, maxResponseBytes } };
}

/** The URL of an endpoint, `{clientId}` filled in. */
export function endpointUrl(resolved: ResolvedOAuthConfig, endpoint: OAuthEndpoint, clientId: string): string {
  return resolved.baseUrls[endpoint.base] + endpoint.path.replace('{clientId}', encodeURIComponent(clientId));
}
