/**
 * The one place the hub reads its environment (DESIGN.md: "process.env read only
 * in lib/env.ts"). Everything else receives a validated `HubEnv` as a parameter,
 * so tests inject their own values instead of mutating globals.
 */
import * as z from 'zod';

const PortSchema = z.coerce.number().int().min(0).max(65535);
/** An absolute http(s) URL; `z.url()` alone also accepts `localhost:3000` and `mailto:`. */
const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** A comma-separated list; blanks dropped; each item must match `pattern`, or the message names it and `expected`. */
const csvOf = (pattern: RegExp, expected: string) =>
  z.string().transform((value, ctx) => {
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    for (const item of items) if (!pattern.test(item)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item.slice(0, 100))} is not ${expected}` });
    return items;
  });
/** What a browser sends as `Origin`: scheme and host, an optional port, nothing after (a trailing slash is forgiven). */
const OriginListSchema = csvOf(/^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?\/?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?\/?$/i, 'an origin such as https://app.example.com or http://localhost:6274 (scheme://host[:port], no path)');
/** A `Host` header value: a name or address, an optional port, no scheme or path. */
const HostListSchema = csvOf(/^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i, 'a host name such as hub.example.com or hub.example.com:8443 (no scheme, no path)');

/** Clerk's publishable key: `pk_test_` or `pk_live_` and the instance's frontend API host, base64-encoded. */
const ClerkPublishableKeySchema = z.string().regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, 'must be a Clerk publishable key (pk_test_… or pk_live_…, from Clerk\'s dashboard: API keys)');

const EnvSchema = z.object({
  PORT: PortSchema.optional(),
  HOST: z.string().min(1).optional(),
  MCPHUB_DATA_DIR: z.string().min(1).optional(),
  MCPHUB_ENCRYPTION_KEY: z.string().min(1).optional(),
  MCPHUB_FORWARD: z.enum(['inprocess', 'http']).optional(),
  MCPHUB_FORWARD_URL: HttpUrlSchema.optional(),
  MCPHUB_FORWARD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Below Bun's 255 s idle timeout, so a connection is never cut before the call's own timeout answers.
  MCPHUB_TOOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(240_000).optional(),
  // How often `mcphub serve` renews idle OAuth connections whose refresh token is about to expire (lib/oauth/keep-alive.ts); 0 turns it off.
  MCPHUB_IDLE_RENEWAL_MINUTES: z.coerce.number().int().min(0).max(1_440).optional(),
  MCPHUB_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  MCPHUB_STORE: z.enum(['embedded', 'convex']).optional(),
  MCPHUB_CONVEX_URL: HttpUrlSchema.optional(),
  MCPHUB_CONVEX_SECRET: z.string().min(32, 'must be at least 32 characters (the same value as the deployment\'s MCPHUB_CONVEX_SECRET)').optional(),
  MCPHUB_CONVEX_CHANGES: z.enum(['subscribe', 'poll']).optional(),
  // Edge and fairness limits (lib/server/limits.ts holds the defaults and what each bounds).
  MCPHUB_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(64 * 1024 * 1024).optional(),
  MCPHUB_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).optional(),
  MCPHUB_ALLOWED_ORIGINS: OriginListSchema.optional(),
  MCPHUB_ALLOWED_HOSTS: HostListSchema.optional(),
  MCPHUB_TRUST_PROXY: z.enum(['on', 'off']).optional(),
  MCPHUB_MAX_REQUESTS_PER_IP: z.coerce.number().int().min(1).max(100_000).optional(),
  MCPHUB_MAX_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  MCPHUB_MAX_STREAMS_PER_IP: z.coerce.number().int().min(0).max(100_000).optional(),
  MCPHUB_MAX_STREAMS: z.coerce.number().int().min(0).max(1_000_000).optional(),
  MCPHUB_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).optional(),
  MCPHUB_MAX_UPSTREAM_BYTES: z.coerce.number().int().min(1_024).max(1024 * 1024 * 1024).optional(),
  MCPHUB_MAX_CALLS_PER_USER: z.coerce.number().int().min(1).max(100_000).optional(),
  MCPHUB_MAX_CALLS_PER_INTEGRATION: z.coerce.number().int().min(1).max(100_000).optional(),
  MCPHUB_MAX_CALLS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  // `off`: `mcphub serve` serves only the hub, no dashboard pages (a replica behind a load balancer, tests).
  MCPHUB_DASHBOARD: z.enum(['on', 'off']).optional(),
  // Clerk sign-in for the dashboard (lib/api/clerk.ts): the JWT public key (PEM) checks session tokens without a network call; the secret key alone fetches Clerk's keys.
  CLERK_SECRET_KEY: z.string().startsWith('sk_', 'must be a Clerk secret key (sk_test_… or sk_live_…)').optional(),
  CLERK_JWT_KEY: z.string().includes('PUBLIC KEY', { error: 'must be the PEM public key from Clerk\'s dashboard (API keys → JWT public key → PEM)' }).optional(),
  // Either name turns on Clerk's sign-in in the dashboard pages (app/_lib/clerk.ts reads it there, at request time).
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: ClerkPublishableKeySchema.optional(),
  CLERK_PUBLISHABLE_KEY: ClerkPublishableKeySchema.optional(),
  // Bun's own, read by Bun when it starts; the hub only reads it to warn when it is too small. Bun ignores values it cannot use, so no value is refused here.
  BUN_CONFIG_MAX_HTTP_REQUESTS: z.string().optional(),
  // Stripe billing (lib/billing/stripe/config.ts): off without the secret key; then plans are set only by an admin.
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_…; Stripe dashboard: Developers → API keys)').optional(),
  // Signs the webhooks Stripe sends to <public url>/webhooks/stripe; without it every webhook is refused (fail closed).
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]{8,}$/, 'must be the endpoint\'s signing secret (whsec_…; Stripe dashboard: Developers → Webhooks → the endpoint → Signing secret, or `stripe listen`)').optional(),
  // How old a webhook's signature may be, in seconds (Stripe's own default: 300).
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).optional(),
  // Another Stripe API origin (a local fake in tests, a proxy): http(s)://host[:port], no path.
  STRIPE_API_URL: HttpUrlSchema.optional(),
  // The metered price (on the meter above) a checkout adds for plans whose overage is billed; without it overage is reported but not charged.
  MCPHUB_STRIPE_OVERAGE_PRICE: z.string().regex(/^price_[A-Za-z0-9_]{1,200}$/, 'must be the metered Stripe price id (price_…) of the overage meter').optional(),
  // The billing meter's event name for usage-based overage (lib/billing/stripe/meter-report.ts); no overage is reported without it.
  MCPHUB_STRIPE_METER_EVENT: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be the meter\'s event name (letters, digits, _ . : -; at most 100; Stripe dashboard: Billing → Meters → Event name)').optional(),
  // Remote MCP servers (lib/remote/address.ts): `on` lets users add servers on loopback, private (RFC 1918, CGNAT, ULA) and
  // link-local addresses. Default: on for the embedded default listening on loopback with no public URL, off otherwise.
  MCPHUB_REMOTE_ALLOW_PRIVATE: z.enum(['on', 'off']).optional(),
  // Where people reach the hub: OAuth callbacks live at <public url>/oauth/<slug>/callback (default: the address the hub listens on).
  MCPHUB_PUBLIC_URL: HttpUrlSchema.optional(),
  // The plan table (lib/billing/plan-config.ts): inline JSON or the path of a JSON file; checked field by field when the config is resolved.
  MCPHUB_PLANS: z.string().max(64 * 1024, 'must be at most 64 KiB; put a larger table in a file and give its path').optional(),
}).superRefine((env, ctx) => {
  // Clerk's middleware in the dashboard (proxy.ts) cannot run without the secret key; refusing here says so at start, not on every page.
  if ((env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || env.CLERK_PUBLISHABLE_KEY) && !env.CLERK_SECRET_KEY) {
    ctx.addIssue({ code: 'custom', path: ['CLERK_SECRET_KEY'], message: 'is needed with a Clerk publishable key (Clerk\'s dashboard: API keys → Secret keys); set it, or unset the publishable key to use local accounts' });
  }
});

/** The OAuth providers an operator may configure (lib/oauth/providers.ts declares them). */
export const OAUTH_ENV_SLUGS = ['github', 'linear', 'notion', 'slack'] as const;
export type OAuthEnvSlug = (typeof OAUTH_ENV_SLUGS)[number];

/** `k=v&k2=v2`: extra authorize parameters (Slack `user_scope`, Linear `prompt=consent`); lib/oauth/config.ts checks the names. */
const AuthorizeParamsSchema = z.string().max(4_000).transform((value, ctx) => {
  const params = new URLSearchParams(value);
  const out: Record<string, string> = {};
  for (const [key, item] of params) {
    if (!key) ctx.addIssue({ code: 'custom', message: 'must be name=value pairs joined by &, e.g. prompt=consent&foo=bar' });
    out[key] = item;
  }
  return out;
});

/** One provider's `MCPHUB_OAUTH_<SLUG>_*` variables, by their suffix. */
const OAuthVarsSchema = z.object({
  CLIENT_ID: z.string().max(512, 'must be at most 512 characters (the client id from the provider\'s app settings)').optional(),
  CLIENT_SECRET: z.string().max(512, 'must be at most 512 characters').optional(),
  SCOPES: csvOf(/^[A-Za-z0-9:._/-]{1,100}$/, 'a scope such as repo or read:org (comma-separated)').optional(),
  ACTOR: z.enum(['user', 'app']).optional(),
  AUTHORIZE_PARAMS: AuthorizeParamsSchema.optional(),
  WEB_URL: HttpUrlSchema.optional(),
  API_URL: HttpUrlSchema.optional(),
});
export type OAuthEnv = z.infer<typeof OAuthVarsSchema>;

/** `MCPHUB_STRIPE_PRICE_<PLAN>`: the Stripe price a plan's checkout sells (MCPHUB_STRIPE_PRICE_PRO=price_…). */
const STRIPE_PRICE_VAR = /^MCPHUB_STRIPE_PRICE_([A-Z0-9_]+)$/;
const StripePriceSchema = z.string().regex(/^price_[A-Za-z0-9_]{1,200}$/, 'must be a Stripe price id (price_…; Stripe dashboard: Product catalog → the product → the price → ID)');

/** Validated environment, with every field optional: defaults are applied by the caller that owns them. */
export type HubEnv = z.infer<typeof EnvSchema> & {
  /** Upstream base-URL overrides by integration slug, from `MCPHUB_<SLUG>_API_URL` (hyphens in a slug are underscores in the name). */
  apiUrls: Record<string, string>;
  /** Each OAuth provider's operator settings, from `MCPHUB_OAUTH_<SLUG>_<SUFFIX>` (empty when none is set). */
  oauth: Record<OAuthEnvSlug, OAuthEnv>;
  /** Stripe price ids by plan id, from `MCPHUB_STRIPE_PRICE_<PLAN>` (plan ids are lower case; underscores are hyphens). */
  stripePrices: Record<string, string>;
};

const OAUTH_VAR = /^MCPHUB_OAUTH_([A-Z0-9]+)_(CLIENT_ID|CLIENT_SECRET|SCOPES|ACTOR|AUTHORIZE_PARAMS|WEB_URL|API_URL)$/;

/** An OAuth provider's variable: (github, CLIENT_ID) → MCPHUB_OAUTH_GITHUB_CLIENT_ID. */
export function oauthVariable(slug: string, suffix: keyof OAuthEnv): string {
  return `MCPHUB_OAUTH_${slug.toUpperCase()}_${suffix}`;
}

/** Thrown when a variable is set to something the hub cannot use; the message names each variable and the fix. */
export class EnvError extends Error {
  override name = 'EnvError';
}

const API_URL_VAR = /^MCPHUB_([A-Z0-9_]+)_API_URL$/;

/** The variable that overrides an integration's upstream URL: github → MCPHUB_GITHUB_API_URL, google-drive → MCPHUB_GOOGLE_DRIVE_API_URL. */
export function apiUrlVariable(slug: string): string {
  return `MCPHUB_${slug.toUpperCase().replaceAll('-', '_')}_API_URL`;
}
/** Values never echoed in an error, even invalid ones: a near-miss secret is still mostly the secret. */
const SECRET_VAR = /SECRET|_KEY$/;

/**
 * Reads and validates the hub's environment. Empty strings count as unset, so
 * `PORT= npm start` behaves like no `PORT` at all.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): HubEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const shown = (name: string) => (SECRET_VAR.test(name) ? '(hidden)' : JSON.stringify(present[name] ?? ''));
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}=${shown(String(issue.path[0]))}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}\nFix or unset these variables and start again.`);
  }
  const apiUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(present)) {
    // MCPHUB_OAUTH_<SLUG>_API_URL points an OAuth provider elsewhere, not an integration's upstream.
    const match = name.startsWith('MCPHUB_OAUTH_') ? null : API_URL_VAR.exec(name);
    if (!match || typeof value !== 'string') continue;
    if (!HttpUrlSchema.safeParse(value).success) {
      throw new EnvError(`Invalid environment:\n  ${name}=${JSON.stringify(value)}: must be an absolute URL such as https://ghe.example.com/api/v3`);
    }
    // Slugs are kebab-case; variable names use underscores (google-drive → MCPHUB_GOOGLE_DRIVE_API_URL).
    apiUrls[match[1]!.toLowerCase().replaceAll('_', '-')] = value.replace(/\/+$/, '');
  }
  return { ...parsed.data, apiUrls, oauth: readOAuthEnv(present), stripePrices: readStripePrices(present) };
}

/** The `MCPHUB_STRIPE_PRICE_*` variables by plan id, or EnvError naming each bad one. */
function readStripePrices(present: Record<string, string | undefined>): Record<string, string> {
  const prices: Record<string, string> = {};
  const lines: string[] = [];
  for (const [name, value] of Object.entries(present)) {
    const match = STRIPE_PRICE_VAR.exec(name);
    if (!match || value === undefined) continue;
    const parsed = StripePriceSchema.safeParse(value);
    if (parsed.success) prices[match[1]!.toLowerCase().replaceAll('_', '-')] = parsed.data;
    else lines.push(`  ${name}=${JSON.stringify(value.slice(0, 200))}: ${parsed.error.issues[0]!.message}`);
  }
  if (lines.length > 0) throw new EnvError(`Invalid environment:\n${lines.join('\n')}\nFix or unset these variables and start again.`);
  return prices;
}

/** The `MCPHUB_OAUTH_*` variables by provider, or EnvError naming each bad one (a secret's value never shown). */
function readOAuthEnv(present: Record<string, string | undefined>): Record<OAuthEnvSlug, OAuthEnv> {
  const raw = Object.fromEntries(OAUTH_ENV_SLUGS.map((slug) => [slug, {} as Record<string, string>])) as Record<OAuthEnvSlug, Record<string, string>>;
  const lines: string[] = [];
  for (const [name, value] of Object.entries(present)) {
    if (!name.startsWith('MCPHUB_OAUTH_') || value === undefined) continue;
    const match = OAUTH_VAR.exec(name);
    const slug = match?.[1]!.toLowerCase() as OAuthEnvSlug | undefined;
    if (!match || !slug || !OAUTH_ENV_SLUGS.includes(slug)) {
      lines.push(`  ${name}: is not an OAuth setting; use MCPHUB_OAUTH_<${OAUTH_ENV_SLUGS.join('|').toUpperCase()}>_<CLIENT_ID|CLIENT_SECRET|SCOPES|ACTOR|AUTHORIZE_PARAMS|WEB_URL|API_URL>`);
      continue;
    }
    raw[slug][match[2]!] = value;
  }
  const out = {} as Record<OAuthEnvSlug, OAuthEnv>;
  for (const slug of OAUTH_ENV_SLUGS) {
    const parsed = OAuthVarsSchema.safeParse(raw[slug]);
    if (parsed.success) out[slug] = parsed.data;
    else for (const issue of parsed.error.issues) {
      const name = oauthVariable(slug, String(issue.path[0]) as keyof OAuthEnv);
      lines.push(`  ${name}=${SECRET_VAR.test(name) ? '(hidden)' : JSON.stringify(present[name]?.slice(0, 200) ?? '')}: ${issue.message}`);
    }
  }
  if (lines.length > 0) throw new EnvError(`Invalid environment:\n${lines.join('\n')}\nFix or unset these variables and start again.`);
  return out;
}

/**
 * The environment of the dashboard's build and Next.js server processes
 * (lib/server/dashboard): this process's (the Clerk keys included: the pages
 * read them at request time), with Next's and Clerk's telemetry off — the hub
 * makes no calls home on a person's behalf.
 */
export function dashboardProcessEnv(source: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  return { ...source, NEXT_TELEMETRY_DISABLED: '1', CLERK_TELEMETRY_DISABLED: '1', NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: '1' };
}

/**
 * Clerk's keys as the dashboard's pages and proxy.ts need them, read per
 * request (so one build serves both modes), or null for local accounts. The
 * secret key is not in it: Clerk reads CLERK_SECRET_KEY itself, and given as
 * an option it would have to be encrypted into the request for the pages
 * (CLERK_ENCRYPTION_KEY). The hub checked these variables when it started.
 */
export interface ClerkPagesConfig {
  publishableKey: string;
  /** Lets the middleware check a session token without calling Clerk. */
  jwtKey?: string;
}

export function clerkPagesConfig(source: Record<string, string | undefined> = process.env): ClerkPagesConfig | null {
  // Looked up by name: Next inlines `process.env.NEXT_PUBLIC_…` written out in full into the build.
  const read = (name: string): string | undefined => source[name] || undefined;
  const publishableKey = read('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY') ?? read('CLERK_PUBLISHABLE_KEY');
  if (!publishableKey || !read('CLERK_SECRET_KEY')) return null;
  // An env file holds the PEM on one line with \n escapes (lib/server/config.ts unescapes it the same way for the hub).
  const jwtKey = read('CLERK_JWT_KEY')?.replaceAll('\\n', '\n');
  return { publishableKey, ...(jwtKey && { jwtKey }) };
}
