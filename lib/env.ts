/**
 * The one place the hub reads its environment (DESIGN.md: "process.env read only
 * in lib/env.ts"). Everything else receives a validated `HubEnv` as a parameter,
 * so tests inject their own values instead of mutating globals.
 */
import * as z from 'zod';

const PortSchema = z.coerce.number().int().min(0).max(65535);
/** An absolute http(s) URL; `z.url()` alone also accepts `localhost:3000` and `mailto:`. */
const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

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
  MCPHUB_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  MCPHUB_STORE: z.enum(['embedded', 'convex']).optional(),
  MCPHUB_CONVEX_URL: HttpUrlSchema.optional(),
  MCPHUB_CONVEX_SECRET: z.string().min(32, 'must be at least 32 characters (the same value as the deployment\'s MCPHUB_CONVEX_SECRET)').optional(),
  MCPHUB_CONVEX_CHANGES: z.enum(['subscribe', 'poll']).optional(),
});

/** Validated environment, with every field optional: defaults are applied by the caller that owns them. */
export type HubEnv = z.infer<typeof EnvSchema> & {
  /** Upstream base-URL overrides by integration slug, from `MCPHUB_<SLUG>_API_URL` (hyphens in a slug are underscores in the name). */
  apiUrls: Record<string, string>;
};

/** Thrown when a variable is set to something the hub cannot use; the message names each variable and the fix. */
export class EnvError extends Error {
  override name = 'EnvError';
}

const API_URL_VAR = /^MCPHUB_([A-Z0-9_]+)_API_URL$/;
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
    const match = API_URL_VAR.exec(name);
    if (!match || typeof value !== 'string') continue;
    if (!HttpUrlSchema.safeParse(value).success) {
      throw new EnvError(`Invalid environment:\n  ${name}=${JSON.stringify(value)}: must be an absolute URL such as https://ghe.example.com/api/v3`);
    }
    // Slugs are kebab-case; variable names use underscores (google-drive → MCPHUB_GOOGLE_DRIVE_API_URL).
    apiUrls[match[1]!.toLowerCase().replaceAll('_', '-')] = value.replace(/\/+$/, '');
  }
  return { ...parsed.data, apiUrls };
}
