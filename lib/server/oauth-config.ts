/**
 * The operator's OAuth apps, shaped from the `MCPHUB_OAUTH_<SLUG>_*`
 * variables (lib/env.ts reads them) and checked when the hub starts
 * (`checkOAuthConfig`), so a wrong setting stops the hub with its fix rather
 * than failing a person's first connect. A provider with neither a client id
 * nor a secret is simply off: its integration offers token connect only, and
 * `missing` says what the operator would set.
 */
import { EnvError, OAUTH_ENV_SLUGS, oauthVariable, type HubEnv, type OAuthEnv } from '../env.ts';
import { checkOAuthConfig, type OAuthClientConfig } from '../oauth/config.ts';
import { OAUTH_PROVIDERS, type OAuthProvider } from '../oauth/providers.ts';

/** One configured provider: its client config and the scopes a connect asks for. */
export interface OAuthApp {
  provider: OAuthProvider;
  config: OAuthClientConfig;
  scopes: string[];
}

export interface OAuthSettings {
  /** Configured providers by integration slug. */
  apps: Partial<Record<string, OAuthApp>>;
  /** For each provider that is off: the variables the operator sets to turn it on. */
  missing: Record<string, string>;
}

/** The variables that turn a provider on, as a sentence fragment. */
export const oauthMissing = (slug: string) => `${oauthVariable(slug, 'CLIENT_ID')} and ${oauthVariable(slug, 'CLIENT_SECRET')}`;

/** Every provider's app, or EnvError naming the variable and the fix. */
export function resolveOAuth(env: Pick<HubEnv, 'oauth'>): OAuthSettings {
  const settings: OAuthSettings = { apps: {}, missing: {} };
  for (const slug of OAUTH_ENV_SLUGS) {
    const app = appOf(OAUTH_PROVIDERS[slug], env.oauth[slug]);
    if (app) settings.apps[slug] = app;
    else settings.missing[slug] = oauthMissing(slug);
  }
  return settings;
}

function appOf(provider: OAuthProvider, vars: OAuthEnv): OAuthApp | null {
  const name = (suffix: keyof OAuthEnv) => oauthVariable(provider.slug, suffix);
  const set = (Object.keys(vars) as (keyof OAuthEnv)[]).filter((suffix) => vars[suffix] !== undefined);
  if (!vars.CLIENT_ID || !vars.CLIENT_SECRET) {
    if (set.length === 0) return null;
    throw new EnvError(`${set.map(name).join(', ')} ${set.length > 1 ? 'are' : 'is'} set, but ${provider.name} OAuth needs both ${oauthMissing(provider.slug)} (from the OAuth app's settings at ${provider.name}). Set both, or unset the others to offer token connect only.`);
  }
  const config: OAuthClientConfig = {
    clientId: vars.CLIENT_ID,
    clientSecret: vars.CLIENT_SECRET,
    ...(vars.ACTOR && { actor: vars.ACTOR }),
    ...(vars.AUTHORIZE_PARAMS && { extraAuthorizeParams: vars.AUTHORIZE_PARAMS }),
    ...((vars.WEB_URL || vars.API_URL) && { baseUrls: { ...(vars.WEB_URL && { web: vars.WEB_URL }), ...(vars.API_URL && { api: vars.API_URL }) } }),
  };
  return oauthApp(provider, config, vars.SCOPES, name('SCOPES'));
}

/**
 * A checked app for `provider` with `config`, asking for `scopes` (default:
 * the provider's own); throws EnvError naming the fix. `scopesVariable` names
 * where the scopes came from, for the error when the provider takes none.
 */
export function oauthApp(provider: OAuthProvider, config: OAuthClientConfig, scopes?: string[], scopesVariable = 'the scopes'): OAuthApp {
  const checked = checkOAuthConfig(provider, config);
  if (!checked.ok) throw new EnvError(`${checked.message} Fix the MCPHUB_OAUTH_${provider.slug.toUpperCase()}_* variables and start again.`);
  if (scopes && !checked.shape.scopeParam) throw new EnvError(`${scopesVariable} is set, but ${provider.name} takes no scopes (capabilities are set on its integration). Unset it.`);
  return { provider, config, scopes: scopes ?? checked.shape.defaultScopes };
}
