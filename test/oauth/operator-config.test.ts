/**
 * The operator's OAuth settings (lib/env.ts reads them, lib/server/oauth-config.ts
 * shapes and checks them at start): a provider is on with both its client id and
 * secret, off with neither, and every half-done or wrong setting stops the hub
 * with the variable's name and the fix — never a secret's value.
 */
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../lib/env.ts';
import { resolveOAuth } from '../../lib/server/oauth-config.ts';

const resolve = (vars: Record<string, string>) => resolveOAuth(readEnv(vars));

describe('OAuth operator settings', () => {
  it('is off for every provider without variables, naming what turns each on', () => {
    const settings = resolve({});
    expect(settings.apps).toEqual({});
    expect(settings.missing.github).toBe('MCPHUB_OAUTH_GITHUB_CLIENT_ID and MCPHUB_OAUTH_GITHUB_CLIENT_SECRET');
    expect(Object.keys(settings.missing).sort()).toEqual(['github', 'linear', 'notion', 'slack']);
  });

  it('takes scopes, actor, extra authorize parameters and endpoint overrides', () => {
    const settings = resolve({
      MCPHUB_OAUTH_LINEAR_CLIENT_ID: 'lin-id',
      MCPHUB_OAUTH_LINEAR_CLIENT_SECRET: 'lin-secret',
      MCPHUB_OAUTH_LINEAR_SCOPES: 'read, write,issues:create',
      MCPHUB_OAUTH_LINEAR_ACTOR: 'app',
      MCPHUB_OAUTH_LINEAR_AUTHORIZE_PARAMS: 'prompt=consent',
      MCPHUB_OAUTH_GITHUB_CLIENT_ID: 'gh-id',
      MCPHUB_OAUTH_GITHUB_CLIENT_SECRET: 'gh-secret',
      MCPHUB_OAUTH_GITHUB_WEB_URL: 'https://ghe.example.com',
      MCPHUB_OAUTH_GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(settings.apps.linear).toMatchObject({ scopes: ['read', 'write', 'issues:create'], config: { clientId: 'lin-id', actor: 'app', extraAuthorizeParams: { prompt: 'consent' } } });
    expect(settings.apps.github).toMatchObject({ scopes: ['repo', 'read:org'], config: { baseUrls: { web: 'https://ghe.example.com', api: 'https://ghe.example.com/api/v3' } } });
    // The OAuth API override is not taken for the integration's own upstream (MCPHUB_GITHUB_API_URL).
    expect(readEnv({ MCPHUB_OAUTH_GITHUB_API_URL: 'https://ghe.example.com/api/v3' }).apiUrls).toEqual({});
  });

  it.each([
    [{ MCPHUB_OAUTH_GITHUB_CLIENT_ID: 'gh-id' }, /MCPHUB_OAUTH_GITHUB_CLIENT_ID is set, but GitHub OAuth needs both MCPHUB_OAUTH_GITHUB_CLIENT_ID and MCPHUB_OAUTH_GITHUB_CLIENT_SECRET/],
    [{ MCPHUB_OAUTH_SLACK_SCOPES: 'chat:write' }, /MCPHUB_OAUTH_SLACK_SCOPES is set, but Slack OAuth needs both/],
    [{ MCPHUB_OAUTH_GITLAB_CLIENT_ID: 'x' }, /MCPHUB_OAUTH_GITLAB_CLIENT_ID: is not an OAuth setting/],
    [{ MCPHUB_OAUTH_NOTION_ACTOR: 'bot' }, /MCPHUB_OAUTH_NOTION_ACTOR="bot"/],
    [{ MCPHUB_OAUTH_GITHUB_WEB_URL: 'ghe.example.com' }, /MCPHUB_OAUTH_GITHUB_WEB_URL="ghe.example.com": must be an absolute http\(s\) URL/],
    [{ MCPHUB_OAUTH_GITHUB_CLIENT_ID: 'a', MCPHUB_OAUTH_GITHUB_CLIENT_SECRET: 'b', MCPHUB_OAUTH_GITHUB_ACTOR: 'app' }, /GitHub OAuth is misconfigured: it cannot act as "app"; use user\. Fix the MCPHUB_OAUTH_GITHUB_\* variables/],
    [{ MCPHUB_OAUTH_LINEAR_CLIENT_ID: 'a', MCPHUB_OAUTH_LINEAR_CLIENT_SECRET: 'b', MCPHUB_OAUTH_LINEAR_AUTHORIZE_PARAMS: 'state=x' }, /"state" is set by the flow itself/],
    [{ MCPHUB_OAUTH_NOTION_CLIENT_ID: 'a', MCPHUB_OAUTH_NOTION_CLIENT_SECRET: 'b', MCPHUB_OAUTH_NOTION_SCOPES: 'read' }, /MCPHUB_OAUTH_NOTION_SCOPES is set, but Notion takes no scopes/],
    [{ MCPHUB_OAUTH_GITHUB_CLIENT_ID: 'a', MCPHUB_OAUTH_GITHUB_CLIENT_SECRET: 'b', MCPHUB_OAUTH_GITHUB_WEB_URL: 'http://ghe.example.com' }, /must use https/],
  ])('refuses %j naming the variable and the fix', (vars, message) => {
    expect(() => resolve(vars)).toThrow(message);
  });

  it('never shows a secret, even a bad one', () => {
    expect(() => resolve({ MCPHUB_OAUTH_GITHUB_CLIENT_SECRET: 's3cret-'.repeat(100) })).toThrow(/MCPHUB_OAUTH_GITHUB_CLIENT_SECRET=\(hidden\)/);
  });
});
