/**
 * The provider data and the parts of the client that need no server: default
 * scopes agree with the integrations' own lists, PKCE matches RFC 7636's
 * vector, configs are checked with messages an operator can act on, callbacks
 * are parsed (and bounded), Retry-After is read in both forms.
 */
import { describe, expect, it } from 'vitest';
import githubIntegration from '../../integrations/github/index.ts';
import linearIntegration from '../../integrations/linear/index.ts';
import slackIntegration from '../../integrations/slack/index.ts';
import { authorizeUrl, parseCallback } from '../../lib/oauth/client.ts';
import { checkOAuthConfig } from '../../lib/oauth/config.ts';
import { reasonOf, retryAfterOf } from '../../lib/oauth/errors.ts';
import { generatePkce, pkceChallenge } from '../../lib/crypto/oauth-tokens.ts';
import { GITHUB_OAUTH, LINEAR_OAUTH, OAUTH_PROVIDERS, SLACK_OAUTH } from '../../lib/oauth/providers.ts';

const config = { clientId: 'id', clientSecret: 'secret' };
const state = 's'.repeat(43);

describe('OAuth provider data', () => {
  it('asks by default for the scopes the integrations\' tools need', () => {
    expect(GITHUB_OAUTH.actors.user!.defaultScopes).toEqual(githubIntegration.auth.scopes);
    expect(LINEAR_OAUTH.actors.user!.defaultScopes).toEqual(linearIntegration.auth.scopes);
    expect(SLACK_OAUTH.actors.user!.defaultScopes).toEqual(slackIntegration.auth.scopes);
    expect(SLACK_OAUTH.actors.app!.defaultScopes).not.toContain('search:read');
  });

  it('points at the real providers by default, and at GitHub Enterprise with baseUrls', () => {
    const real = Object.values(OAUTH_PROVIDERS).map((p) => new URL(authorizeUrl(p, config, { state, redirectUri: 'https://hub.example/cb', scopes: [] })).origin);
    expect(real).toEqual(['https://github.com', 'https://linear.app', 'https://api.notion.com', 'https://slack.com']);
    const ghe = authorizeUrl(GITHUB_OAUTH, { ...config, baseUrls: { web: 'https://ghe.example/', api: 'https://ghe.example/api/v3' } }, { state, redirectUri: 'https://hub.example/cb', scopes: ['repo'] });
    expect(ghe.startsWith('https://ghe.example/login/oauth/authorize?')).toBe(true);
  });
});

describe('PKCE', () => {
  it('computes the RFC 7636 Appendix B challenge', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('makes a fresh 43-character verifier each time', () => {
    const [a, b] = [generatePkce(), generatePkce()];
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
    expect(a.codeChallenge).toBe(pkceChallenge(a.codeVerifier));
  });
});

describe('checkOAuthConfig', () => {
  it.each([
    [{ ...config, clientSecret: '' }, 'client secret must be 1–512 printable characters'],
    [{ ...config, baseUrls: { web: 'http://ghe.example' } }, 'must use https (http only for localhost)'],
    [{ ...config, baseUrls: { api: 'not a url' } }, 'is not a URL'],
    [{ ...config, baseUrls: { api: 'https://ghe.example/api/v3?x=1' } }, 'no query, fragment or credentials'],
    [{ ...config, extraAuthorizeParams: { state: 'mine' } }, '"state" is set by the flow itself'],
    [{ ...config, actor: 'app' as const }, 'cannot act as "app"; use user'],
    [{ ...config, timeoutMs: 10 }, 'the timeout must be 100 ms–2 min'],
  ])('refuses %j as misconfigured, saying why', (bad, why) => {
    const checked = checkOAuthConfig(GITHUB_OAUTH, bad);
    expect(checked).toMatchObject({ ok: false, reason: 'misconfigured', message: expect.stringContaining(why) });
    expect(() => authorizeUrl(GITHUB_OAUTH, bad, { state, redirectUri: 'https://hub.example/cb', scopes: [] })).toThrow(why);
  });

  it('accepts http on loopback (tests) and strips a trailing slash', () => {
    expect(checkOAuthConfig(GITHUB_OAUTH, { ...config, baseUrls: { web: 'http://127.0.0.1:9/', api: 'http://localhost:9/api/v3/' } })).toMatchObject({ ok: true, baseUrls: { web: 'http://127.0.0.1:9', api: 'http://localhost:9/api/v3' } });
  });

  it('refuses a short state', () => {
    expect(() => authorizeUrl(GITHUB_OAUTH, config, { state: 'short', redirectUri: 'https://hub.example/cb', scopes: [] })).toThrow('32–512 characters');
  });
});

describe('parseCallback', () => {
  it('returns the code and state', () => {
    expect(parseCallback(SLACK_OAUTH, `https://hub.example/oauth/slack/callback?code=abc&state=${state}`)).toEqual({ ok: true, code: 'abc', state });
  });
  it('turns a provider error into a tagged failure with its text', () => {
    expect(parseCallback(LINEAR_OAUTH, `https://hub.example/cb?error=invalid_scope&error_description=Unknown+scope+%22nope%22&state=${state}`)).toMatchObject({
      ok: false, reason: 'misconfigured', error: 'invalid_scope', state, message: 'Linear refused the authorization: invalid_scope: Unknown scope "nope"',
    });
  });
  it('refuses a callback with no code, no state or an oversized code', () => {
    for (const query of ['state=x', 'code=abc', `code=${'c'.repeat(3_000)}&state=x`]) {
      expect(parseCallback(GITHUB_OAUTH, `https://hub.example/cb?${query}`)).toMatchObject({ ok: false, reason: 'bad_response' });
    }
  });
});

describe('error classification', () => {
  it('maps each provider\'s codes to one reason', () => {
    expect(['invalid_grant', 'bad_refresh_token', 'bad_verification_code', 'invalid_refresh_token', 'invalid_code'].map(reasonOf)).toEqual(Array(5).fill('invalid_grant'));
    expect(['invalid_client', 'incorrect_client_credentials', 'bad_client_secret', 'redirect_uri_mismatch', 'something_new'].map(reasonOf)).toEqual(Array(5).fill('misconfigured'));
    expect(['ratelimited', 'temporarily_unavailable', 'server_error'].map(reasonOf)).toEqual(Array(3).fill('transient'));
    expect(reasonOf('access_denied')).toBe('denied');
  });
  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterOf('30')).toBe(30);
    expect(retryAfterOf(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50);
    expect(retryAfterOf('soon')).toBeUndefined();
    expect(retryAfterOf(null)).toBeUndefined();
  });
});
