/** readEnv: the one validated read of the hub's environment. */
import { describe, expect, it } from 'vitest';
import { EnvError, clerkPagesConfig, readEnv } from '../../lib/env.ts';

/** No MCPHUB_OAUTH_* variable: every provider's settings empty. */
const NO_OAUTH = { github: {}, linear: {}, notion: {}, slack: {} };

/** The EnvError readEnv throws for `source`; fails the test when it does not throw one. */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    readEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error('readEnv accepted an invalid environment');
}

describe('readEnv', () => {
  it('returns nothing but an empty apiUrls for an empty environment', () => {
    expect(readEnv({})).toEqual({ apiUrls: {}, oauth: NO_OAUTH, stripePrices: {} });
  });

  it('parses and coerces the variables it knows', () => {
    const env = readEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      MCPHUB_DATA_DIR: '/var/lib/mcphub',
      MCPHUB_FORWARD: 'http',
      MCPHUB_FORWARD_URL: 'https://functions.example.com/forward',
      MCPHUB_FORWARD_SECRET: 's'.repeat(32),
      MCPHUB_TOOL_TIMEOUT_MS: '15000',
      MCPHUB_LOG_LEVEL: 'debug',
    });
    expect(env).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      MCPHUB_DATA_DIR: '/var/lib/mcphub',
      MCPHUB_FORWARD: 'http',
      MCPHUB_FORWARD_URL: 'https://functions.example.com/forward',
      MCPHUB_FORWARD_SECRET: 's'.repeat(32),
      MCPHUB_TOOL_TIMEOUT_MS: 15_000,
      MCPHUB_LOG_LEVEL: 'debug',
      apiUrls: {},
      oauth: NO_OAUTH,
      stripePrices: {},
    });
  });

  it('treats empty strings as unset', () => {
    const env = readEnv({ PORT: '', HOST: '', MCPHUB_LOG_LEVEL: '', MCPHUB_GITHUB_API_URL: '', MCPHUB_FORWARD_SECRET: '' });
    expect(env).toEqual({ apiUrls: {}, oauth: NO_OAUTH, stripePrices: {} });
  });

  it('ignores variables it does not know', () => {
    expect(readEnv({ PATH: '/usr/bin', HOME: '/root', MCPHUB_SOMETHING: 'x' })).toEqual({ apiUrls: {}, oauth: NO_OAUTH, stripePrices: {} });
  });

  it.each(['abc', '70000', '-1', '80.5'])('rejects PORT=%j with an EnvError naming PORT and its value', (port) => {
    const error = envError({ PORT: port });
    expect(error.message).toContain(`PORT=${JSON.stringify(port)}`);
    expect(error.message).toMatch(/Fix or unset these variables/);
  });

  it('names every bad variable at once', () => {
    const error = envError({ PORT: 'abc', MCPHUB_LOG_LEVEL: 'loud', MCPHUB_FORWARD_SECRET: 'short' });
    expect(error.message).toContain('PORT="abc"');
    expect(error.message).toContain('MCPHUB_LOG_LEVEL="loud"');
    expect(error.message).toContain('MCPHUB_FORWARD_SECRET=(hidden): must be at least 32 characters');
    expect(error.message).not.toContain('"short"');
  });

  it("takes Clerk's publishable key under either name, with the secret key Clerk's middleware needs", () => {
    const keys = { CLERK_SECRET_KEY: 'sk_test_abc', CLERK_JWT_KEY: '-----BEGIN PUBLIC KEY-----\\nMII\\n-----END PUBLIC KEY-----' };
    expect(readEnv({ ...keys, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA==' })).toMatchObject({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA==' });
    expect(readEnv({ ...keys, CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k' })).toMatchObject({ CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k' });
    expect(envError({ ...keys, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'sk_test_swapped' }).message).toContain('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=(hidden): must be a Clerk publishable key');
    const noSecret = envError({ CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA==' }).message;
    expect(noSecret).toContain('CLERK_SECRET_KEY');
    expect(noSecret).toContain('unset the publishable key to use local accounts');
  });

  it('rejects a tool timeout outside 100 ms to 10 min', () => {
    expect(envError({ MCPHUB_TOOL_TIMEOUT_MS: '99' }).message).toContain('MCPHUB_TOOL_TIMEOUT_MS');
    expect(envError({ MCPHUB_TOOL_TIMEOUT_MS: '600001' }).message).toContain('MCPHUB_TOOL_TIMEOUT_MS');
  });

  it('collects MCPHUB_<SLUG>_API_URL overrides by lower-cased slug, trailing slashes trimmed', () => {
    const env = readEnv({
      MCPHUB_GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      MCPHUB_LINEAR_API_URL: 'http://127.0.0.1:4010//',
      MCPHUB_SLACK_API_URL: 'https://slack.example.com/api',
    });
    expect(env.apiUrls).toEqual({
      github: 'https://ghe.example.com/api/v3',
      linear: 'http://127.0.0.1:4010',
      slack: 'https://slack.example.com/api',
    });
  });

  it('does not treat MCPHUB_FORWARD_URL as an API URL override', () => {
    expect(readEnv({ MCPHUB_FORWARD_URL: 'https://functions.example.com' }).apiUrls).toEqual({});
  });

  it.each(['not a url', 'ghe.example.com/api/v3', '/api/v3'])('rejects the override MCPHUB_GITHUB_API_URL=%j', (url) => {
    const error = envError({ MCPHUB_GITHUB_API_URL: url });
    expect(error.message).toContain(`MCPHUB_GITHUB_API_URL=${JSON.stringify(url)}`);
    expect(error.message).toMatch(/must be an absolute URL/);
  });

  // z.url() alone takes `localhost:3000` as scheme "localhost:"; only http(s) is accepted.
  it.each(['localhost:3000', 'mailto:a@b.c', 'ftp://x.example.com'])('rejects the override MCPHUB_GITHUB_API_URL=%j', (url) => {
    expect(envError({ MCPHUB_GITHUB_API_URL: url }).message).toMatch(/must be an absolute URL/);
  });

  it('maps underscores in the variable name to the hyphens of a kebab-case slug', () => {
    expect(readEnv({ MCPHUB_GOOGLE_DRIVE_API_URL: 'http://127.0.0.1:9/' }).apiUrls).toEqual({ 'google-drive': 'http://127.0.0.1:9' });
  });
});

describe('allow lists of the edge', () => {
  it.each([
    ['MCPHUB_ALLOWED_ORIGINS', 'app.example.com', /is not an origin such as https:\/\/app\.example\.com/],
    ['MCPHUB_ALLOWED_ORIGINS', 'https://app.example.com/path', /no path/],
    ['MCPHUB_ALLOWED_HOSTS', 'http://hub.example.com', /is not a host name/],
  ])('refuses %s=%j at start, naming the entry and its form', (name, value, message) => {
    const error = envError({ [name]: value });
    expect(error.message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(error.message).toMatch(message);
  });

  it('takes origins with a port or a trailing slash, and host names with a port', () => {
    const env = readEnv({ MCPHUB_ALLOWED_ORIGINS: 'https://app.example.com/, http://localhost:6274', MCPHUB_ALLOWED_HOSTS: 'hub.internal, hub.example.com:8443' });
    expect(env.MCPHUB_ALLOWED_ORIGINS).toEqual(['https://app.example.com/', 'http://localhost:6274']);
    expect(env.MCPHUB_ALLOWED_HOSTS).toEqual(['hub.internal', 'hub.example.com:8443']);
  });
});

describe('clerkPagesConfig', () => {
  it('is null without a publishable key and a secret key, else the keys the pages need, the PEM unescaped', () => {
    expect(clerkPagesConfig({})).toBeNull();
    expect(clerkPagesConfig({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_x' })).toBeNull();
    expect(clerkPagesConfig({ CLERK_PUBLISHABLE_KEY: 'pk_test_x', CLERK_SECRET_KEY: 'sk_test_y', CLERK_JWT_KEY: 'a\\nb' })).toEqual({ publishableKey: 'pk_test_x', jwtKey: 'a\nb' });
  });
});
